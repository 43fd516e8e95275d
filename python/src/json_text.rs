//! JSON text straight to Python objects (dict, list, str, int, float, bool, None), with
//! no `serde_json::Value` in between: an answer that only passes through to Python is
//! parsed once, on the thread that needs the objects, instead of being built as a
//! value tree (an allocation per key and string) and then walked again. Dicts keep the
//! wire's key order; keys come from `convert`'s cache of interned wire names.

use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::convert::{dict_key, with_key_cache, KeyCache};

/// The Python objects of a JSON text (core checked it is JSON).
pub fn to_python<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    with_key_cache(py, |keys| one(py, keys, None, text, &mut serde_json::Deserializer::from_slice(text)))
}

/// A list of the Python objects of several JSON texts (a stream's batch of events),
/// with the key cache taken once for all of them, and the values that repeat from
/// one event to the next (`id`, `model`, `created`...) built once.
/// The texts are `str`, so their strings are not checked for UTF-8 again.
pub fn list_to_python<'a, 'py>(py: Python<'py>, texts: impl ExactSizeIterator<Item = &'a str>) -> PyResult<Bound<'py, PyList>> {
    let mut repeats = Repeats::default();
    let items = with_key_cache(py, |keys| {
        texts
            .map(|text| one(py, keys, Some(&mut repeats), text.as_bytes(), &mut serde_json::Deserializer::from_str(text)))
            .collect::<PyResult<Vec<_>>>()
    })?;
    PyList::new(py, items)
}

/// `text` as Python objects; `deserializer` reads it.
fn one<'de, 'py, R: serde_json::de::Read<'de>>(
    py: Python<'py>,
    keys: &mut KeyCache,
    repeats: Option<&mut Repeats<'py>>,
    text: &[u8],
    deserializer: &mut serde_json::Deserializer<R>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = ValueSeed { py, keys, repeats, key: None }
        .deserialize(&mut *deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    // Core checked the text is JSON, yet serde refuses a string with a lone surrogate
    // escape (`"\ud83d"`: half of an emoji, which a server may split between two
    // stream chunks). Python's own parser takes it, as users of `json.loads` expect:
    // the string keeps the surrogate, and no answer is lost for it.
    value.or_else(|e| {
        let loads = py.import(pyo3::intern!(py, "json"))?.getattr(pyo3::intern!(py, "loads"))?;
        loads
            .call1((PyBytes::new(py, text),))
            .map_err(|_| PyValueError::new_err(format!("the answer could not be read: {e}")))
    })
}

/// Builds one JSON value as a Python object.
struct ValueSeed<'k, 'r, 'py> {
    py: Python<'py>,
    keys: &'k mut KeyCache,
    /// A batch's memo of repeated values; `None` outside a batch.
    repeats: Option<&'r mut Repeats<'py>>,
    /// The dict key this value is under (its interned string's address), if any.
    key: Option<usize>,
}

impl<'de, 'py> DeserializeSeed<'de> for ValueSeed<'_, '_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn py_error<E: de::Error>(error: PyErr) -> E {
    E::custom(error)
}

impl<'de, 'py> Visitor<'de> for ValueSeed<'_, '_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        let py = self.py;
        let fresh = || {
            let Ok(int) = v.into_pyobject(py);
            int.into_any()
        };
        Ok(match (self.repeats, self.key) {
            (Some(repeats), Some(key)) => repeats.int(key, v, fresh),
            _ => fresh(),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(small) => self.visit_i64(small),
            Err(_) => {
                let Ok(int) = v.into_pyobject(self.py);
                Ok(int.into_any())
            }
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match (self.repeats, self.key) {
            (Some(repeats), Some(key)) => repeats.string(self.py, key, v),
            _ => PyString::new(self.py, v).into_any(),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ValueSeed { py, keys, mut repeats, .. } = self;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) =
            seq.next_element_seed(ValueSeed { py, keys: &mut *keys, repeats: repeats.as_deref_mut(), key: None })?
        {
            items.push(item);
        }
        Ok(PyList::new(py, items).map_err(py_error)?.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ValueSeed { py, keys, mut repeats, .. } = self;
        let dict = PyDict::new(py);
        while let Some(key) = map.next_key_seed(KeySeed { py, keys: &mut *keys })? {
            let under = Some(key.as_ptr() as usize);
            let value =
                map.next_value_seed(ValueSeed { py, keys: &mut *keys, repeats: repeats.as_deref_mut(), key: under })?;
            dict.set_item(key, value).map_err(py_error)?;
        }
        Ok(dict.into_any())
    }
}

/// The last short string and integer each key had in a batch's events. A stream's
/// events repeat most of their values (`id`, `object`, `model`, `created`, ...), so
/// handing out the object built for the previous event costs a comparison where a
/// new object would cost an allocation and, later, a free. Python strings and ints
/// are immutable: sharing one is invisible. Which key a value is remembered under only
/// picks what it is compared with; a value is reused only when it is equal.
#[derive(Default)]
struct Repeats<'py> {
    last: Vec<(usize, Repeat<'py>)>,
}

enum Repeat<'py> {
    Str(Bound<'py, PyString>),
    Int(i64, Bound<'py, PyAny>),
}

impl<'py> Repeats<'py> {
    /// Keys remembered per batch: a chunk has about a dozen.
    const MAX_KEYS: usize = 32;
    /// Longer strings are content, which rarely repeats: not worth comparing.
    const MAX_LEN: usize = 64;

    fn string(&mut self, py: Python<'py>, key: usize, v: &str) -> Bound<'py, PyAny> {
        if v.len() > Self::MAX_LEN {
            return PyString::new(py, v).into_any();
        }
        let slot = self.slot(key);
        if let Some(Repeat::Str(last)) = slot.map(|i| &self.last[i].1) {
            if last.to_str().is_ok_and(|text| text == v) {
                return last.clone().into_any();
            }
        }
        let fresh = PyString::new(py, v);
        self.remember(slot, key, Repeat::Str(fresh.clone()));
        fresh.into_any()
    }

    fn int(&mut self, key: usize, v: i64, fresh: impl FnOnce() -> Bound<'py, PyAny>) -> Bound<'py, PyAny> {
        let slot = self.slot(key);
        if let Some(Repeat::Int(last, object)) = slot.map(|i| &self.last[i].1) {
            if *last == v {
                return object.clone();
            }
        }
        let object = fresh();
        self.remember(slot, key, Repeat::Int(v, object.clone()));
        object
    }

    fn slot(&self, key: usize) -> Option<usize> {
        self.last.iter().position(|(k, _)| *k == key)
    }

    fn remember(&mut self, slot: Option<usize>, key: usize, value: Repeat<'py>) {
        match slot {
            Some(i) => self.last[i].1 = value,
            None if self.last.len() < Self::MAX_KEYS => self.last.push((key, value)),
            None => {}
        }
    }
}

/// A dict key, from the cache of interned wire names when it is one.
struct KeySeed<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut KeyCache,
}

impl<'de, 'py> DeserializeSeed<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(dict_key(self.py, v, self.keys))
    }
}
