//! Placeholder: the tokenizer and sentence splitter are being written.
