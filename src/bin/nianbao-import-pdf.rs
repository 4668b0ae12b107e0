//! The PDF import's web worker: the import worker's source (`nianbao-import.rs`), built as a binary of its own so
//! that it links the PDF reader only (the crate's `CARGO_BIN_NAME` decides which reader the source calls).

#[path = "nianbao-import.rs"]
mod import_worker;

fn main() {
    import_worker::main();
}
