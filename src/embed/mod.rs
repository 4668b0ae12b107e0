//! Embedding the app in a portal: the postMessage protocol and the deploy-time origin allowlist, as pure data with no
//! browser dependency (the glue is `ui::embed`). The protocol is documented in docs/embedding.md.
pub mod origin;
pub mod protocol;

pub use origin::{Allowlist, Config, ConfigError};
pub use protocol::{
    open_report, parse, set_header, Command, Event, ExportFormat, ExportedFile, ExportedState,
    Incoming, ProtocolError, SavedDraft, PROTOCOL_VERSION,
};
