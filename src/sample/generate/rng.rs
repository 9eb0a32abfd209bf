//! A small seeded random number generator (SplitMix64). Ours rather than a crate's, so the same
//! seed gives the same database on every machine and with every version of every dependency.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one part of the data, so adding draws in one part leaves the others as they were.
    pub fn fork(&mut self, stream: u64) -> Rng {
        Rng(self.next() ^ stream.wrapping_mul(0xa076_1d64_78bd_642f))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        let span = (hi - lo) as u64 + 1;
        lo + ((u128::from(self.next()) * u128::from(span)) >> 64) as i64
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.range(0, n as i64 - 1) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `words`.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    /// `n` different items, in the order drawn.
    pub fn pick_distinct<T: Copy + PartialEq>(&mut self, items: &[T], n: usize) -> Vec<T> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n.min(items.len()) {
            let item = *self.pick(items);
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_and_ranges_hold() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!((0..5).map(|_| a.next()).collect::<Vec<_>>(), (0..5).map(|_| b.next()).collect::<Vec<_>>());
        let mut r = Rng::new(1);
        let draws: Vec<i64> = (0..10_000).map(|_| r.range(3, 6)).collect();
        assert!(draws.iter().all(|d| (3..=6).contains(d)));
        for v in 3..=6 {
            assert!(draws.contains(&v), "{v} is drawn");
        }
        assert_eq!(r.pick_distinct(&[1, 2, 3], 5).len(), 3);
    }
}
