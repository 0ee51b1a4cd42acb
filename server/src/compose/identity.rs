//! Which From addresses a person may write from besides their own: the operator's rule
//! (`POSTERN_EXTRA_FROM`), patterns in which `{local}` and `{domain}` are the two halves of the
//! login address and `*` stands for any characters of a local part — `*@{domain}` (any address
//! of one's own domain), `{local}+*@{domain}` (sub-addresses), `{local}@example.net`. The
//! submission server has the last word: what it refuses is said as it said it.

/// The operator's patterns, as configured (checked).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtraFrom(Vec<String>);

impl ExtraFrom {
    /// Checks the patterns: each an address whose domain has no `*`, with only the placeholders
    /// above.
    pub fn parse(patterns: Vec<String>) -> Result<Self, String> {
        let mut checked = Vec::new();
        for pattern in patterns {
            let pattern = pattern.trim().to_lowercase();
            let Some((local, domain)) = pattern.rsplit_once('@') else {
                return Err(format!("{pattern:?} is not an address pattern (no @)"));
            };
            let rest = pattern
                .replace("{local}", "")
                .replace("{domain}", "")
                .replace('*', "");
            if rest.contains(['{', '}', ' ', ',', '<', '>', '"']) {
                return Err(format!(
                    "{pattern:?}: only {{local}}, {{domain}} and * may stand in a pattern"
                ));
            }
            if local.is_empty() || domain.is_empty() || domain.contains('*') {
                return Err(format!(
                    "{pattern:?}: a pattern needs a local part and a domain without *"
                ));
            }
            checked.push(pattern);
        }
        Ok(ExtraFrom(checked))
    }

    /// The patterns with `{local}` and `{domain}` of this login filled in.
    pub fn for_login(&self, login: &str) -> Vec<String> {
        let login = login.to_lowercase();
        let (local, domain) = login.rsplit_once('@').unwrap_or((login.as_str(), ""));
        self.0
            .iter()
            .map(|p| p.replace("{local}", local).replace("{domain}", domain))
            .collect()
    }

    /// Whether `login` may write from `address`: its own address always, else one a pattern
    /// matches.
    pub fn allows(&self, login: &str, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        if address == login.trim().to_lowercase() {
            return true;
        }
        if address.matches('@').count() != 1 {
            return false;
        }
        self.for_login(login)
            .iter()
            .any(|pattern| matches(pattern, &address))
    }
}

/// A `*` pattern against an address: `*` is one or more characters other than `@`.
fn matches(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let Some(first) = pieces.next() else {
        return false;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (n, piece) in pieces.iter().enumerate() {
        let last = n + 1 == pieces.len();
        // The star takes at least one character, never an @.
        let found = if last {
            rest.len()
                .checked_sub(piece.len())
                .filter(|&at| at >= 1 && rest.ends_with(piece))
        } else {
            rest.get(1..).and_then(|r| r.find(piece)).map(|at| at + 1)
        };
        let Some(at) = found else {
            return false;
        };
        if rest[..at].contains('@') {
            return false;
        }
        rest = &rest[at + piece.len()..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(patterns: &[&str]) -> ExtraFrom {
        ExtraFrom::parse(patterns.iter().map(|p| p.to_string()).collect()).unwrap()
    }

    #[test]
    fn patterns_are_filled_in_for_the_login() {
        let r = rule(&["*@{domain}", "{local}+*@{domain}", "{local}@Example.NET"]);
        assert_eq!(
            r.for_login("Ann@example.org"),
            ["*@example.org", "ann+*@example.org", "ann@example.net"]
        );
        let ann = "ann@example.org";
        assert!(r.allows(ann, "sales@example.org"));
        assert!(r.allows(ann, "Ann+lists@Example.org"));
        assert!(r.allows(ann, "ann@example.net"));
        assert!(r.allows(ann, ann), "one's own address always");
        for refused in [
            "sales@example.com",
            "@example.org",
            "a@b@example.org",
            "bob@example.net",
            "sales@sub.example.org",
        ] {
            assert!(!r.allows(ann, refused), "{refused}");
        }
        let sub = rule(&["{local}+*@{domain}"]);
        assert!(sub.allows(ann, "ann+news@example.org"));
        assert!(
            !sub.allows(ann, "ann+@example.org"),
            "the star takes a character"
        );
        assert!(!sub.allows(ann, "bob+news@example.org"));
        let none = ExtraFrom::default();
        assert!(none.allows(ann, ann));
        assert!(!none.allows(ann, "sales@example.org"));
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        for bad in [
            "no-at",
            "*@*.example.org",
            "{user}@{domain}",
            "@example.org",
            "a b@x.org",
        ] {
            assert!(ExtraFrom::parse(vec![bad.to_string()]).is_err(), "{bad}");
        }
    }
}
