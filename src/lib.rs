//! Rust bindings for QEMU's QMP events, generated at build time from `qmp-events.txt`.
#![deny(missing_docs)]
