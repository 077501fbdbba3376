fn main() {
    println!("cargo:rerun-if-changed=spec/qmp-events.txt");
}
