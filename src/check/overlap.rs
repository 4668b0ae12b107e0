//! How much of a text is last year's: the containment of its character n-grams in last year's text, the share of
//! this year's n-grams (of letters and digits, punctuation and spaces left out, every digit read as one) that also
//! occur in last year's. Containment rather than a symmetric measure: a text that keeps last year's and adds a
//! paragraph is still copied. Computed once per pair of text versions (their stamps), however often the cells change.

use crate::model::report::Stamp;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The characters compared: letters and digits only, every digit as `0` (a copied sentence with this year's figures
/// is still copied).
fn normalized(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c.is_numeric() { '0' } else { c })
        .collect()
}

fn grams(chars: &[char], n: usize) -> impl Iterator<Item = u64> + '_ {
    chars.windows(n).map(|window| {
        let mut hasher = DefaultHasher::new();
        window.hash(&mut hasher);
        hasher.finish()
    })
}

/// The share of `text`'s n-grams found in `last`, in percent (0 when `text` has none), and how many characters were
/// compared.
pub fn containment(text: &str, last: &str, n: usize) -> (u8, usize) {
    let (this, last) = (normalized(text), normalized(last));
    if this.len() < n || last.len() < n {
        return (0, this.len());
    }
    let known: HashSet<u64> = grams(&last, n).collect();
    let total = this.len() - n + 1;
    let shared = grams(&this, n).filter(|g| known.contains(g)).count();
    (((shared * 100 + total / 2) / total) as u8, this.len())
}

thread_local! {
    static KEPT: RefCell<HashMap<(u64, u64, usize), (u8, usize)>> = RefCell::new(HashMap::new());
}

/// [`containment`], kept per pair of text versions.
pub fn cached(this: (Stamp, &str), last: (Stamp, &str), n: usize) -> (u8, usize) {
    let key = (this.0.get(), last.0.get(), n);
    if let Some(found) = KEPT.with(|k| k.borrow().get(&key).copied()) {
        return found;
    }
    let found = containment(this.1, last.1, n);
    KEPT.with(|k| {
        let mut kept = k.borrow_mut();
        if kept.len() >= 256 {
            kept.clear();
        }
        kept.insert(key, found);
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_text_with_new_figures_is_all_contained() {
        let last = "2024年，本机关全年新收政府信息公开申请103件，均在法定期限内答复。";
        let this = "2025年，本机关全年新收政府信息公开申请188件，均在法定期限内答复。";
        assert_eq!(containment(this, last, 5).0, 100);
        let kept_and_added =
            format!("{last}本年度新开设政策解读专栏，发布图解、视频解读二十余篇。");
        assert!(containment(&kept_and_added, last, 5).0 > 50);
        assert!(containment(last, &kept_and_added, 5).0 == 100);
    }

    #[test]
    fn a_rewritten_text_shares_little() {
        let last = "2024年，本机关坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。";
        let this = "这一年，区政府办公室围绕优化营商环境和民生保障，重点公开了惠企政策的落实情况。";
        assert!(containment(this, last, 5).0 < 10);
        assert_eq!(containment("", last, 5).0, 0);
    }
}
