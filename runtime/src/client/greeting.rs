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

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "QMP")]
    qmp: Body,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    version: Option<VersionWire>,
    #[serde(default)]
    capabilities: Vec<Value>,
}

#[derive(Deserialize)]
struct VersionWire {
    #[serde(default)]
    qemu: Option<QemuVersion>,
    #[serde(default)]
    package: Option<String>,
}

impl Greeting {
    /// Reads `line` as a greeting; `None` when it is not one.
    pub(crate) fn parse(line: &str) -> Option<Greeting> {
        let wire: Wire = serde_json::from_str(line).ok()?;
        let (qemu, package) = match wire.qmp.version {
            Some(version) => (version.qemu, version.package.unwrap_or_default()),
            None => (None, String::new()),
        };
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
    fn anything_without_a_qmp_member_is_not_a_greeting() {
        assert_eq!(Greeting::parse("SSH-2.0-OpenSSH_9.2"), None);
        assert_eq!(Greeting::parse(r#"{"event": "STOP"}"#), None);
        assert_eq!(Greeting::parse(r#"{"QMP": 1}"#), None);
    }
}
