//! JSON text straight to Python objects (dict, list, str, int, float, bool, None), with
//! no `serde_json::Value` in between: an answer that only passes through to Python is
//! parsed once, on the thread that needs the objects, instead of being built as a
//! value tree (an allocation per key and string) and then walked again. Dicts keep the
//! wire's key order; keys come from `convert`'s cache of interned wire names.

use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::convert::{dict_key, with_key_cache, KeyCache};

/// The Python objects of a JSON text (core checked it is JSON).
pub fn to_python<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    with_key_cache(py, |keys| one(py, keys, &mut serde_json::Deserializer::from_slice(text)))
}

/// A list of the Python objects of several JSON texts (a stream's batch of events),
/// with the key cache taken once for all of them.
/// The texts are `str`, so their strings are not checked for UTF-8 again.
pub fn list_to_python<'a, 'py>(py: Python<'py>, texts: impl ExactSizeIterator<Item = &'a str>) -> PyResult<Bound<'py, PyList>> {
    let items = with_key_cache(py, |keys| {
        texts.map(|text| one(py, keys, &mut serde_json::Deserializer::from_str(text))).collect::<PyResult<Vec<_>>>()
    })?;
    PyList::new(py, items)
}

fn one<'de, 'py, R: serde_json::de::Read<'de>>(
    py: Python<'py>,
    keys: &mut KeyCache,
    deserializer: &mut serde_json::Deserializer<R>,
) -> PyResult<Bound<'py, PyAny>> {
    let value = ValueSeed { py, keys }
        .deserialize(&mut *deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    value.map_err(|e| PyValueError::new_err(format!("the answer could not be read: {e}")))
}

/// Builds one JSON value as a Python object.
struct ValueSeed<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut KeyCache,
}

impl<'de, 'py> DeserializeSeed<'de> for ValueSeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn py_error<E: de::Error>(error: PyErr) -> E {
    E::custom(error)
}

impl<'de, 'py> Visitor<'de> for ValueSeed<'_, 'py> {
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
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let ValueSeed { py, keys } = self;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(ValueSeed { py, keys: &mut *keys })? {
            items.push(item);
        }
        Ok(PyList::new(py, items).map_err(py_error)?.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let ValueSeed { py, keys } = self;
        let dict = PyDict::new(py);
        while let Some(key) = map.next_key_seed(KeySeed { py, keys: &mut *keys })? {
            let value = map.next_value_seed(ValueSeed { py, keys: &mut *keys })?;
            dict.set_item(key, value).map_err(py_error)?;
        }
        Ok(dict.into_any())
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
