//! Dates as the user types them (`2019`, `2019-07`, `2019-07-14`) turned into bounds
//! comparable with the stored EXIF dates (`2019:07:14 18:03:22`, compared as text).

use crate::error::{Error, Result};

/// Lower bound for "from `s`" in EXIF text form.
pub fn lower_bound(s: &str) -> Result<String> {
    Ok(exif_prefix(s)?)
}

/// Upper bound for "to `s`", inclusive of the whole day, month or year given.
pub fn upper_bound(s: &str) -> Result<String> {
    // '~' sorts after every digit, ':' and ' ', so "2019:07~" is after all of July.
    Ok(format!("{}~", exif_prefix(s)?))
}

fn exif_prefix(s: &str) -> Result<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', ':', '/']).collect();
    let ok = !parts.is_empty()
        && parts.len() <= 3
        && parts[0].len() == 4
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !ok {
        return Err(Error::Invalid(format!(
            "date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"
        )));
    }
    Ok(parts.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_compare_with_exif_text() {
        let t = "2019:07:14 18:03:22";
        assert!(lower_bound("2019-07-14").unwrap().as_str() <= t);
        assert!(upper_bound("2019-07-14").unwrap().as_str() >= t);
        assert!(upper_bound("2019-07-13").unwrap().as_str() < t);
        assert!(upper_bound("2019").unwrap().as_str() > "2019:12:31 23:59:59");
        assert!(lower_bound("2019-7-1").is_err());
        assert!(lower_bound("yesterday").is_err());
    }
}
