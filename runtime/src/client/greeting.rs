//! The greeting a QMP server sends first: `{"QMP": {"version": …, "capabilities": […]}}`.

use serde::Deserialize;
use serde_json::Value;

/// QEMU's version as the greeting states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize)]
pub struct QemuVersion {
    /// Major version (`7` of 7.2.22).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Micro version.
    pub micro: u32,
}

impl std::fmt::Display for QemuVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.micro)
    }
}

/// The server's greeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Greeting {
    /// QEMU's version, when the greeting states it in QEMU's shape.
    pub qemu: Option<QemuVersion>,
    /// The distribution's package string (`Debian 1:7.2+dfsg-7`), possibly empty.
    pub package: String,
    /// Capabilities the server offers (`oob`); the client enables none of them.
    pub capabilities: Vec<String>,
    /// The greeting line as received.
    pub line: String,
}

/// `QEMU 7.2.22 (Debian 1:7.2+dfsg-7)`: the version and the package when the greeting gives
/// them, `QEMU (version not given)` when it gives no version.
impl std::fmt::Display for Greeting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let package = self.package.trim();
        match (self.qemu, package.is_empty()) {
            (Some(version), true) => write!(f, "QEMU {version}"),
            (Some(version), false) => write!(f, "QEMU {version} ({package})"),
            (None, true) => write!(f, "QEMU (version not given)"),
            (None, false) => write!(f, "QEMU (version not given; package {package})"),
        }
    }
}

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "QMP")]
    qmp: Body,
}

#[derive(Deserialize)]
struct Body {
    /// Read loosely: a version of another shape (partial, or not QEMU's) leaves the version
    /// unknown but the greeting a greeting.
    #[serde(default)]
    version: Value,
    #[serde(default)]
    capabilities: Vec<Value>,
}

impl Greeting {
    /// Reads `line` as a greeting; `None` when it is not one.
    pub(crate) fn parse(line: &str) -> Option<Greeting> {
        let wire: Wire = serde_json::from_str(line).ok()?;
        let version = &wire.qmp.version;
        let qemu = version
            .get("qemu")
            .and_then(|qemu| QemuVersion::deserialize(qemu).ok());
        let package = version
            .get("package")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let capabilities = wire
            .qmp
            .capabilities
            .into_iter()
            .filter_map(|capability| capability.as_str().map(str::to_owned))
            .collect();
        Some(Greeting {
            qemu,
            package,
            capabilities,
            line: line.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_qemu_7_2s_greeting() {
        let line = r#"{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}"#;
        let greeting = Greeting::parse(line).unwrap();
        assert_eq!(
            greeting.qemu,
            Some(QemuVersion {
                major: 7,
                minor: 2,
                micro: 22
            })
        );
        assert_eq!(greeting.qemu.unwrap().to_string(), "7.2.22");
        assert_eq!(greeting.package, "Debian 1:7.2+dfsg-7+deb12u18+b3");
        assert_eq!(greeting.capabilities, ["oob"]);
    }

    #[test]
    fn every_shape_of_version_reads_and_shows_without_dangling_punctuation() {
        let shown = |version: &str| {
            let line = format!(r#"{{"QMP": {{{version}"capabilities": []}}}}"#);
            Greeting::parse(&line)
                .unwrap_or_else(|| panic!("{line}"))
                .to_string()
        };
        let qemu = r#""qemu": {"micro": 0, "minor": 2, "major": 7}"#;
        assert_eq!(
            shown(&format!(
                r#""version": {{{qemu}, "package": "Debian 1:7.2"}}, "#
            )),
            "QEMU 7.2.0 (Debian 1:7.2)"
        );
        assert_eq!(
            shown(&format!(r#""version": {{{qemu}, "package": ""}}, "#)),
            "QEMU 7.2.0"
        );
        assert_eq!(
            shown(&format!(r#""version": {{{qemu}, "package": " "}}, "#)),
            "QEMU 7.2.0"
        );
        assert_eq!(shown(&format!(r#""version": {{{qemu}}}, "#)), "QEMU 7.2.0");
        assert_eq!(shown(""), "QEMU (version not given)");
        assert_eq!(shown(r#""version": {}, "#), "QEMU (version not given)");
        assert_eq!(shown(r#""version": null, "#), "QEMU (version not given)");
        assert_eq!(shown(r#""version": "7.2", "#), "QEMU (version not given)");
        assert_eq!(
            shown(r#""version": {"qemu": {"major": 7, "minor": 2}, "package": ""}, "#),
            "QEMU (version not given)"
        );
        assert_eq!(
            shown(r#""version": {"qemu": {"major": 7, "minor": 2}, "package": "fake"}, "#),
            "QEMU (version not given; package fake)"
        );
        assert_eq!(
            shown(r#""version": {"package": "fake"}, "#),
            "QEMU (version not given; package fake)"
        );
    }

    #[test]
    fn anything_without_a_qmp_member_is_not_a_greeting() {
        assert_eq!(Greeting::parse("SSH-2.0-OpenSSH_9.2"), None);
        assert_eq!(Greeting::parse(r#"{"event": "STOP"}"#), None);
        assert_eq!(Greeting::parse(r#"{"QMP": 1}"#), None);
    }
}
