//! Reading a JSON object of a template file key by key, for the parts of a template read by hand.

/// The keys of one JSON object of a template file, taken one by one; a key nobody took is an error.
pub(super) struct Keys {
    pub(super) map: serde_json::Map<String, serde_json::Value>,
    what: &'static str,
}

impl Keys {
    pub(super) fn of(value: serde_json::Value, what: &'static str) -> Result<Keys, String> {
        match value {
            serde_json::Value::Object(map) => Ok(Keys { map, what }),
            _ => Err(format!("{what}应为 JSON 对象")),
        }
    }

    pub(super) fn take<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Result<T, String> {
        self.optional(key)?
            .ok_or_else(|| format!("{}缺少“{key}”", self.what))
    }

    pub(super) fn optional<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> Result<Option<T>, String> {
        // `null` stands for a key left out, as serde's derive took it.
        self.map
            .remove(key)
            .filter(|value| !value.is_null())
            .map(|value| {
                serde_json::from_value(value)
                    .map_err(|e| format!("{}的“{key}”有误：{e}", self.what))
            })
            .transpose()
    }

    pub(super) fn finish(self) -> Result<(), String> {
        match self.map.keys().next() {
            Some(key) => Err(format!("{}中有未知的键“{key}”", self.what)),
            None => Ok(()),
        }
    }
}
