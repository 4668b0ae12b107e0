//! Reading stored drafts of every schema version this app has written. Each version's reader turns it into the
//! current [`Draft`]; the tests keep a fixture of each version so that a change of format cannot strand a draft.

use super::{Draft, DraftError};
use crate::model::json;
use crate::model::text::excerpt;
use serde_json::Value;

/// The draft schema version this build writes.
pub const DRAFT_SCHEMA_VERSION: u32 = 1;

/// Turns a stored draft of any known version into the current one, or says why it cannot.
pub fn migrate(value: Value) -> Result<Draft, DraftError> {
    match json::schema_version(&value) {
        Err(error) => Err(DraftError::NotADraft(error)),
        Ok(1) => serde_json::from_value(value)
            .map_err(|e| DraftError::Incomplete(excerpt(&e.to_string()).into_owned())),
        Ok(v) if v > DRAFT_SCHEMA_VERSION => Err(DraftError::Newer(v)),
        Ok(v) => Err(DraftError::UnknownVersion(v)),
    }
}
