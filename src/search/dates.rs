//! Dates as the user types them (`2019`, `2019-07`, `2019-07-14`) against the stored
//! dates taken, which may be EXIF text (`2019:07:14 18:03:22`) or ISO 8601
//! (`2019-07-14T18:03:22`): both are compared through their `YYYY-MM-DD` prefix.

use crate::error::{Error, Result};

/// A user's date as a `YYYY[-MM[-DD]]` prefix.
pub fn parse_bound(s: &str) -> Result<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', ':', '/']).collect();
    let ok = parts.len() <= 3
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !ok {
        return Err(Error::Invalid(format!(
            "date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"
        )));
    }
    Ok(parts.join("-"))
}

/// The `YYYY-MM-DD` key of a stored date taken.
pub fn day_key(taken_at: &str) -> String {
    taken_at
        .chars()
        .take(10)
        .map(|c| if c == ':' { '-' } else { c })
        .collect()
}

/// Whether `taken_at` falls within `from..=to` (bounds from [`parse_bound`]; a bound
/// covers its whole year, month or day).
pub fn in_range(taken_at: &str, from: Option<&str>, to: Option<&str>) -> bool {
    let key = day_key(taken_at);
    from.is_none_or(|lo| key.as_str() >= lo)
        && to.is_none_or(|hi| key.get(..hi.len()).is_some_and(|k| k <= hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_whole_days_months_years_in_both_formats() {
        let b = |s| parse_bound(s).unwrap();
        for t in ["2019:07:14 18:03:22", "2019-07-14T18:03:22.250+02:00"] {
            assert!(in_range(t, Some(&b("2019-07-14")), Some(&b("2019-07-14"))));
            assert!(in_range(t, Some(&b("2019")), Some(&b("2019"))));
            assert!(in_range(t, Some(&b("2019-07")), None));
            assert!(!in_range(t, None, Some(&b("2019-07-13"))));
            assert!(!in_range(t, Some(&b("2019-07-15")), None));
            assert!(!in_range(t, Some(&b("2020")), None));
        }
        assert!(parse_bound("2019-7-1").is_err());
        assert!(parse_bound("yesterday").is_err());
        assert!(parse_bound("").is_err());
    }
}
