//! The deploy-time settings (`nianbao.config.json`) and the allowlist of parent origins they carry.

use serde::Deserialize;
use std::fmt;

/// The settings file a deployment puts next to index.html. Every key is optional; unknown keys are refused, so that a
/// misspelt setting is reported rather than silently ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub embed: EmbedConfig,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    /// Origins of the pages allowed to embed the app in an iframe and talk to it with postMessage, such as
    /// `https://www.example.gov.cn`.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

/// Why the settings file was refused. The app then runs with no parent origin allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    Malformed(String),
    BadOrigin { origin: String, why: &'static str },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Malformed(why) => write!(f, "nianbao.config.json 格式错误：{why}"),
            ConfigError::BadOrigin { origin, why } => {
                write!(f, "nianbao.config.json 中的来源“{origin}”无效：{why}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// The origins a parent page may have for the app to accept its messages and send it events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allowlist {
    origins: Vec<String>,
}

impl Allowlist {
    /// Reads the settings file. An empty text (no file deployed) allows no parent.
    pub fn from_config(json: &str) -> Result<Allowlist, ConfigError> {
        if json.trim().is_empty() {
            return Ok(Allowlist::default());
        }
        let config: Config =
            serde_json::from_str(json).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        let origins = config
            .embed
            .allowed_origins
            .iter()
            .map(|o| {
                normalize_origin(o).map_err(|why| ConfigError::BadOrigin {
                    origin: o.clone(),
                    why,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Allowlist { origins })
    }

    pub fn new<S: AsRef<str>>(origins: &[S]) -> Result<Allowlist, ConfigError> {
        let origins = origins
            .iter()
            .map(|o| {
                normalize_origin(o.as_ref()).map_err(|why| ConfigError::BadOrigin {
                    origin: o.as_ref().to_owned(),
                    why,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Allowlist { origins })
    }

    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// Whether a message from `origin` (a browser's `MessageEvent.origin`) is accepted. The app's own origin always
    /// is: a page of the same origin can reach into the frame anyway.
    pub fn allows(&self, origin: &str, own_origin: &str) -> bool {
        if origin == "null" || origin.is_empty() {
            return false;
        }
        origin == own_origin || self.origins.iter().any(|o| o == origin)
    }

    /// The origin to send events to, from what the browser says about the embedding page: the nearest ancestor's
    /// origin (`location.ancestorOrigins[0]`, where the browser has it) or the referrer's. None when neither is
    /// known or allowed; the parent is then learned from its first accepted message.
    pub fn parent_target(
        &self,
        ancestor_origin: Option<&str>,
        referrer: Option<&str>,
        own_origin: &str,
    ) -> Option<String> {
        let candidate = match ancestor_origin {
            Some(origin) if !origin.is_empty() => origin.to_owned(),
            _ => origin_of_url(referrer?)?,
        };
        self.allows(&candidate, own_origin).then_some(candidate)
    }
}

/// `scheme://host[:port]` in the form browsers report: lower case, no default port, no path.
pub fn normalize_origin(text: &str) -> Result<String, &'static str> {
    let text = text.trim();
    let text = text.strip_suffix('/').unwrap_or(text);
    if text == "*" {
        return Err("不能使用“*”，请逐一列出允许嵌入本工具的门户网站来源");
    }
    let (scheme, rest) = text.split_once("://").ok_or("应写作 https://域名 的形式")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => return Err("只能使用 http 或 https"),
    };
    if rest.is_empty() {
        return Err("缺少域名");
    }
    if rest.contains(['/', '?', '#', '@', ' ', '*']) {
        return Err("只写协议、域名和端口，不要包含路径或其他部分");
    }
    let host = rest.to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    Ok(format!("{scheme}://{host}"))
}

/// The origin of an absolute http(s) URL, or None.
pub fn origin_of_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    normalize_origin(&format!("{scheme}://{}", &rest[..end])).ok()
}
