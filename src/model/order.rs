//! Stable sorting through one shared sort. Every `sort_by` on another element type or closure compiles the
//! standard library's stable sort once more (about 1–3 KB of raw wasm each; eight in the app); sorting positions
//! through one `dyn` comparison compiles a single unstable sort for all of them.

use std::cmp::Ordering;

/// Sorts `items` by `compare`; equal items keep their order.
pub fn sort_stable_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let mut positions: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut positions, &|a, b| compare(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(positions.into_iter().filter_map(|p| taken[p].take()));
}

/// Sorts `items` by `key`; items with equal keys keep their order.
pub fn sort_stable_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_stable_by(items, |a, b| key(a).cmp(&key(b)));
}

#[inline(never)]
fn sort_positions(positions: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    positions.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (3, 'f')];
        sort_stable_by_key(&mut items, |&(k, _)| k);
        assert_eq!(
            items,
            vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c'), (3, 'f')]
        );
        sort_stable_by(&mut items, |a, b| b.0.cmp(&a.0));
        assert_eq!(
            items,
            vec![(3, 'a'), (3, 'c'), (3, 'f'), (2, 'd'), (1, 'b'), (1, 'e')]
        );
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        // A fixed pseudo-random sequence with many ties.
        let mut state = 12345u32;
        let mut items: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((state >> 16) % 17, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        sort_stable_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);
        let mut empty: Vec<u8> = Vec::new();
        sort_stable_by_key(&mut empty, |&b| b);
        assert!(empty.is_empty());
    }
}
