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
        let login = login.trim().to_lowercase();
        if address == login {
            return true;
        }
        if address.matches('@').count() != 1 {
            return false;
        }
        let (local, domain) = login.rsplit_once('@').unwrap_or((login.as_str(), ""));
        self.0.iter().any(|pattern| {
            // Split on the stars first: what the login fills in is text, never a star.
            let pieces: Vec<String> = pattern
                .split('*')
                .map(|p| p.replace("{local}", local).replace("{domain}", domain))
                .collect();
            matches(&pieces, &address)
        })
    }
}

/// Pieces of a pattern (split at its stars) against an address: each star stands for one or
/// more characters other than `@`.
fn matches(pieces: &[String], text: &str) -> bool {
    let Some((first, stars)) = pieces.split_first() else {
        return false;
    };
    let Some(rest) = text.strip_prefix(first.as_str()) else {
        return false;
    };
    star(stars, rest)
}

/// `rest` starts with a star's characters, then `pieces[0]`, a star, `pieces[1]`…
fn star(pieces: &[String], rest: &str) -> bool {
    let Some((piece, more)) = pieces.split_first() else {
        return rest.is_empty();
    };
    // Every split after at least one character, before any @.
    let ends = rest
        .char_indices()
        .skip(1)
        .map(|(at, _)| at)
        .chain(std::iter::once(rest.len()))
        .filter(|&at| at > 0);
    for at in ends {
        if rest[..at].contains('@') {
            return false;
        }
        if let Some(after) = rest[at..].strip_prefix(piece.as_str())
            && star(more, after)
        {
            return true;
        }
    }
    false
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
        assert!(
            !sub.allows("a*@example.org", "abc+x@example.org"),
            "a star in the login is no wildcard"
        );
        assert!(rule(&["*@{domain}"]).allows("zoë@exämple.org", "ünï@exämple.org"));
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
