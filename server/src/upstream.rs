//! Where a login's mail server is: a fixed host or the hosting template `mail.{domain}`, and the
//! allow-list that keeps a login form from making Postern connect to an arbitrary host.

use postern_app::error::AppError;

/// How the connection is secured. There is no plain-text mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (`imaps://`, `smtps://`).
    Implicit,
    /// Plain connect, then STARTTLS, which must succeed (`imap://`, `smtp://`).
    StartTls,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Smtp,
    /// ManageSieve (RFC 5804): STARTTLS on 4190.
    Sieve,
}

/// A configured upstream such as `imaps://mail.{domain}:993`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upstream {
    pub protocol: Protocol,
    pub security: Security,
    /// Host, possibly containing `{domain}`.
    pub host: String,
    pub port: u16,
}

/// An upstream resolved for one login: a concrete host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub security: Security,
    pub host: String,
    pub port: u16,
    /// True when the host came from the template: its address is then checked against
    /// internal ranges before connecting.
    pub from_template: bool,
}

impl Upstream {
    pub fn parse(url: &str, protocol: Protocol) -> Result<Self, String> {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("{url:?} is not a URL like imaps://host:993"))?;
        let (security, default_port) = match (protocol, scheme.to_ascii_lowercase().as_str()) {
            (Protocol::Imap, "imaps") => (Security::Implicit, 993),
            (Protocol::Imap, "imap") => (Security::StartTls, 143),
            (Protocol::Smtp, "smtps") => (Security::Implicit, 465),
            (Protocol::Smtp, "smtp") => (Security::StartTls, 587),
            (Protocol::Sieve, "sieve") => (Security::StartTls, 4190),
            (Protocol::Sieve, other) => {
                return Err(format!(
                    "scheme {other:?} is not sieve:// (ManageSieve with STARTTLS)"
                ));
            }
            (Protocol::Imap, other) => {
                return Err(format!(
                    "scheme {other:?} is not imaps:// or imap:// (STARTTLS)"
                ));
            }
            (Protocol::Smtp, other) => {
                return Err(format!(
                    "scheme {other:?} is not smtp:// (STARTTLS) or smtps://"
                ));
            }
        };
        let authority = rest.trim_end_matches('/');
        if authority.contains(['/', '@', '?', '#']) {
            return Err(format!(
                "{url:?} must be scheme://host[:port] and nothing else"
            ));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => {
                let port = port
                    .parse::<u16>()
                    .map_err(|_| format!("port {port:?} in {url:?} is not a number"))?;
                (host, port)
            }
            _ => (authority, default_port),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(format!("{url:?} has no host"));
        }
        let without_template = host.replace("{domain}", "");
        if without_template.contains(['{', '}']) {
            return Err(format!("{url:?}: the only placeholder is {{domain}}"));
        }
        Ok(Upstream {
            protocol,
            security,
            host: host.to_string(),
            port,
        })
    }

    pub fn is_template(&self) -> bool {
        self.host.contains("{domain}")
    }

    /// The concrete server for `domain` (already checked against the allow-list).
    pub fn target_for(&self, domain: &str) -> Target {
        Target {
            security: self.security,
            host: self.host.replace("{domain}", domain),
            port: self.port,
            from_template: self.is_template(),
        }
    }
}

/// Splits a login address into its domain, or explains why it is not a full address.
pub fn domain_of(address: &str) -> Result<String, AppError> {
    let (local, domain) = address.rsplit_once('@').ok_or(AppError::NotFullAddress)?;
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let valid_domain = domain.contains('.')
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if local.is_empty()
        || local.chars().any(|c| c.is_control() || c.is_whitespace())
        || !valid_domain
    {
        return Err(AppError::NotFullAddress);
    }
    Ok(domain)
}

/// Checks the domain against the allow-list. An empty list allows every domain, which the
/// configuration only permits with a fixed host.
pub fn check_domain_allowed(domain: &str, allowed: &[String]) -> Result<(), AppError> {
    if allowed.is_empty() || allowed.iter().any(|d| d.eq_ignore_ascii_case(domain)) {
        Ok(())
    } else {
        Err(AppError::DomainNotServed {
            domain: domain.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_four_schemes() {
        let u = Upstream::parse("imaps://mail.{domain}", Protocol::Imap).unwrap();
        assert_eq!(
            (u.security, u.port, u.is_template()),
            (Security::Implicit, 993, true)
        );
        let u = Upstream::parse("imap://127.0.0.1:10143", Protocol::Imap).unwrap();
        assert_eq!(
            (u.security, u.host.as_str(), u.port),
            (Security::StartTls, "127.0.0.1", 10143)
        );
        assert_eq!(
            Upstream::parse("smtp://h:26", Protocol::Smtp).unwrap().port,
            26
        );
        assert_eq!(
            Upstream::parse("smtps://h", Protocol::Smtp).unwrap().port,
            465
        );
    }

    #[test]
    fn refuses_what_is_not_an_upstream() {
        assert!(Upstream::parse("http://h", Protocol::Imap).is_err());
        assert!(Upstream::parse("smtp://h", Protocol::Imap).is_err());
        assert!(Upstream::parse("imaps://user@h", Protocol::Imap).is_err());
        assert!(Upstream::parse("imaps://h:99999", Protocol::Imap).is_err());
        assert!(Upstream::parse("imaps://{user}.h", Protocol::Imap).is_err());
        assert!(Upstream::parse("mail.example.com", Protocol::Imap).is_err());
    }

    #[test]
    fn template_targets_the_login_domain() {
        let u = Upstream::parse("imaps://mail.{domain}:993", Protocol::Imap).unwrap();
        assert_eq!(u.target_for("example.org").host, "mail.example.org");
    }

    #[test]
    fn login_addresses() {
        assert_eq!(domain_of("a@Example.ORG").unwrap(), "example.org");
        assert_eq!(domain_of("alice"), Err(AppError::NotFullAddress));
        assert_eq!(domain_of("@example.org"), Err(AppError::NotFullAddress));
        assert_eq!(domain_of("a@localhost"), Err(AppError::NotFullAddress));
        assert_eq!(domain_of("a@evil.test/x"), Err(AppError::NotFullAddress));
        assert_eq!(domain_of("a@127.0.0.1:25"), Err(AppError::NotFullAddress));
    }

    #[test]
    fn allow_list() {
        let allowed = vec!["example.org".to_string()];
        assert!(check_domain_allowed("EXAMPLE.org", &allowed).is_ok());
        assert_eq!(
            check_domain_allowed("evil.test", &allowed),
            Err(AppError::DomainNotServed {
                domain: "evil.test".into()
            })
        );
        assert!(check_domain_allowed("any.test", &[]).is_ok());
    }
}
