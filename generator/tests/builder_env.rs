//! `$QMP_EVENTS_SPEC` names the spec unless the builder turns that off. A test binary of its
//! own, with one test, because it sets an environment variable: no other thread reads the
//! environment meanwhile.

use std::path::Path;

use qmpgen::Builder;
use qmpgen::builder::SPEC_ENV;

#[test]
fn the_environment_variable_names_the_spec_unless_turned_off() {
    // SAFETY (every `unsafe` here): this binary runs this one test; no other thread touches
    // the environment.
    unsafe { std::env::remove_var(SPEC_ENV) };
    let configured = Builder::new().spec("spec.txt");
    assert_eq!(configured.spec_path(), Path::new("spec.txt"));
    unsafe { std::env::set_var(SPEC_ENV, "other.txt") };
    assert_eq!(configured.spec_path(), Path::new("other.txt"));
    assert_eq!(
        configured.clone().spec_env(false).spec_path(),
        Path::new("spec.txt")
    );
    // Set but empty counts as unset.
    unsafe { std::env::set_var(SPEC_ENV, "") };
    assert_eq!(configured.spec_path(), Path::new("spec.txt"));
    unsafe { std::env::remove_var(SPEC_ENV) };
}
