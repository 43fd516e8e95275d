//! Python objects <-> `serde_json::Value`.
//!
//! To JSON: what `json.dumps` accepts without help (dict with str keys, list, tuple,
//! str, int, float, bool, None), plus tokenhot's own result objects (so a message
//! from a completion can go back into a history). Anything else raises `TypeError`,
//! a value JSON cannot hold (NaN, infinity, an int beyond 64 bits) `ValueError`, and
//! the message names the argument path (`messages[0].content`). The path is built
//! only on failure, while the error unwinds, so success costs nothing extra.
//!
//! From JSON: dicts keep the wire's key order (serde_json's `preserve_order`).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// Why a value could not become JSON, and where (innermost segment first).
pub struct ConvertError {
    is_type_error: bool,
    /// A str held a lone surrogate (half an emoji, which `json.loads` keeps).
    lone_surrogate: bool,
    what: String,
    path_reversed: Vec<Segment>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl ConvertError {
    fn type_error(what: String) -> ConvertError {
        ConvertError { is_type_error: true, lone_surrogate: false, what, path_reversed: Vec::new() }
    }
    fn value_error(what: String) -> ConvertError {
        ConvertError { is_type_error: false, lone_surrogate: false, what, path_reversed: Vec::new() }
    }
    pub fn is_lone_surrogate(&self) -> bool {
        self.lone_surrogate
    }

    fn at(mut self, segment: Segment) -> ConvertError {
        self.path_reversed.push(segment);
        self
    }

    /// The Python exception, naming `root` (the argument) and the path below it.
    pub fn into_pyerr(self, root: &str) -> PyErr {
        let mut path = root.to_string();
        for segment in self.path_reversed.iter().rev() {
            match segment {
                Segment::Key(key) if path.is_empty() => path.push_str(key),
                Segment::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        let message = format!("{path}: {}", self.what);
        if self.is_type_error {
            PyTypeError::new_err(message)
        } else {
            PyValueError::new_err(message)
        }
    }
}

/// Converts `obj`; on failure the error is raised naming `root` (e.g. `"extra_body"`).
pub fn to_json_arg(obj: &Bound<'_, PyAny>, root: &str) -> PyResult<Value> {
    to_json(obj).map_err(|e| e.into_pyerr(root))
}

/// Converts a dict whose keys are top-level names (the request body built from keyword
/// arguments): errors name the key itself, `messages[0].content`.
pub fn dict_to_json_map(dict: &Bound<'_, PyDict>, root: &str) -> PyResult<Map<String, Value>> {
    dict_to_map(dict).map_err(|e| e.into_pyerr(root))
}

pub fn to_json(obj: &Bound<'_, PyAny>) -> Result<Value, ConvertError> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s)?));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(ConvertError::value_error("integer does not fit in 64 bits".into()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let f = f.value();
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| ConvertError::value_error(format!("{f} is not a finite number, which JSON cannot hold")));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return dict_to_map(dict).map(Value::Object);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return list.iter().enumerate().map(|(i, item)| to_json(&item).map_err(|e| e.at(Segment::Index(i)))).collect();
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return tuple.iter().enumerate().map(|(i, item)| to_json(&item).map_err(|e| e.at(Segment::Index(i)))).collect();
    }
    if let Some(data) = result_object_data(obj) {
        return to_json(&data);
    }
    Err(ConvertError::type_error(format!("{} is not JSON serializable", type_name(obj))))
}

fn dict_to_map(dict: &Bound<'_, PyDict>) -> Result<Map<String, Value>, ConvertError> {
    let mut map = Map::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        let Ok(key) = key.cast::<PyString>() else {
            return Err(ConvertError::type_error(format!(
                "dict keys must be str for JSON, not {} ({})",
                type_name(&key),
                key.repr().map(|r| r.to_string()).unwrap_or_default()
            )));
        };
        let key = text(key)?;
        match to_json(&value) {
            Ok(v) => {
                map.insert(key, v);
            }
            Err(e) => return Err(e.at(Segment::Key(key))),
        }
    }
    Ok(map)
}

fn text(s: &Bound<'_, PyString>) -> Result<String, ConvertError> {
    s.to_str()
        .map(str::to_owned)
        .map_err(|_| ConvertError { lone_surrogate: true, ..ConvertError::value_error("string is not valid Unicode (lone surrogate)".into()) })
}

/// "a set", "an int64": the value's type as a sentence fragment.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    match obj.get_type().name() {
        Ok(name) => {
            let name = name.to_string();
            let article = if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
            format!("{article} {name}")
        }
        Err(_) => "this value".into(),
    }
}

/// The wire dict inside a `tokenhot` result object (`tokenhot._models.BaseModel`).
fn result_object_data<'py>(obj: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    static BASE_MODEL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let py = obj.py();
    let base = BASE_MODEL.import(py, "tokenhot._models", "BaseModel").ok()?;
    if obj.is_instance(base).unwrap_or(false) {
        obj.getattr(pyo3::intern!(py, "_data")).ok()
    } else {
        None
    }
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    with_key_cache(py, |keys| value_to_python(py, value, keys))
}

/// Runs `convert` with the key cache, locked once for a whole value rather than once
/// per key (a stream chunk has a dozen).
pub(crate) fn with_key_cache<T>(py: Python<'_>, convert: impl FnOnce(&mut KeyCache) -> T) -> T {
    match KEYS.get_or_init(py, Default::default).try_lock() {
        Ok(mut keys) => convert(&mut keys),
        // Held by this very thread: a finalizer that the garbage collector ran in the
        // middle of a conversion converted again. Go without the cache rather than
        // wait for ourselves.
        Err(_) => convert(&mut KeyCache::default()),
    }
}

fn value_to_python<'py>(py: Python<'py>, value: &Value, keys: &mut KeyCache) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let converted = items.iter().map(|item| value_to_python(py, item, keys)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, converted)?.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(dict_key(py, key, keys), value_to_python(py, item, keys)?)?;
            }
            dict.into_any()
        }
    })
}

/// Wire keys repeat in every answer and every stream chunk (`choices`, `delta`, ...):
/// reusing one interned string each saves building, hashing and freeing a new one per
/// key. Bounded, since user data (function arguments, metadata) has keys of its own.
/// Only ever locked with the GIL held, so never contended by another thread (nor held
/// across a fork by one).
pub(crate) type KeyCache = HashMap<Box<str>, Py<PyString>, BuildHasherDefault<Fnv>>;
static KEYS: PyOnceLock<Mutex<KeyCache>> = PyOnceLock::new();

pub(crate) fn dict_key<'py>(py: Python<'py>, key: &str, keys: &mut KeyCache) -> Bound<'py, PyString> {
    const MAX_KEYS: usize = 1024;
    const MAX_KEY_LEN: usize = 48;
    if key.len() > MAX_KEY_LEN {
        return PyString::new(py, key);
    }
    if let Some(known) = keys.get(key) {
        return known.bind(py).clone();
    }
    let fresh = PyString::intern(py, key);
    if keys.len() < MAX_KEYS {
        keys.insert(key.into(), fresh.clone().unbind());
    }
    fresh
}

/// FNV-1a: the cache's keys are short wire names chosen by the gateway, not by an
/// attacker who could flood one bucket (and the cache is bounded), so the cheap hash
/// beats SipHash here.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
