//! The one random source: splitmix64, with one stream per kind of thing
//! drawn.
//!
//! splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", 2014) is a few lines with no external crate, so the bytes a
//! seed gives never change with a dependency's version. Every generator in
//! this crate draws from it: a seed is split into [`Stream`]s (the borough,
//! each household, each file's planted defects ...) and each stream into
//! items (household 0, 1, 2 ...), so that adding draws to one kind of thing
//! leaves every other kind as it was.
//!
//! Probabilities are `f64` ratios, never money: amounts are drawn as integer
//! pence with [`Rng::range`].
//!
//! ```
//! use debt_synth::random::{Rng, Stream};
//!
//! let mut a = Rng::derive(7, Stream::COUNCIL_HOUSEHOLD, 3);
//! let mut b = Rng::derive(7, Stream::COUNCIL_HOUSEHOLD, 3);
//! assert_eq!(a.next_u64(), b.next_u64());
//! let pence = a.range(7_800, 9_200);
//! assert!((7_800..=9_200).contains(&pence));
//! ```

use chrono::{Days, NaiveDate};

/// One independent stream of a seed: what is being drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stream(u64);

impl Stream {
    /// Ashbury's streets and properties (item 0).
    pub const BOROUGH: Stream = Stream(1);
    /// A household of the synthetic council (item: the household's number).
    pub const COUNCIL_HOUSEHOLD: Stream = Stream(5);
    /// The revenues system's planted bad rows (item 0).
    pub const REVENUES_DEFECTS: Stream = Stream(3);
    /// The housing system's planted bad rows (item 0).
    pub const HOUSING_DEFECTS: Stream = Stream(4);
    /// A household of the evaluation set (item: the household's number).
    pub const PERSONS_HOUSEHOLD: Stream = Stream(7);
    /// The liability and tenancy periods of an evaluation-set household
    /// (item: the household's number), apart so that they change nothing
    /// else.
    pub const PERSONS_PERIODS: Stream = Stream(11);
    /// Synthetic ledgers for the criterion benchmarks (item: the account).
    pub const BENCH_LEDGERS: Stream = Stream(13);
    /// A property's bedrooms (seed: its UPRN).
    pub const BEDROOMS: Stream = Stream(17);
    /// The identifiers an evaluation-set household's records carry beside
    /// names (vehicle registrations, customer numbers, claim references)
    /// and a sole trader's correspondence address (item: the household's
    /// number), apart so that they change nothing else.
    pub const PERSONS_IDENTIFIERS: Stream = Stream(19);
    /// Records an evaluation-set household has beyond those of the
    /// standard draw (a second overpayment on one claim), rendered from a
    /// stream of their own (item: the household's number).
    pub const PERSONS_EXTRA: Stream = Stream(23);
    /// A council household's debts to the services other than council tax
    /// and rent (item: the household's number), apart so that adding them
    /// changed nothing in council tax and rent.
    pub const COUNCIL_SERVICES: Stream = Stream(29);
    /// Planted bad rows of the other systems' files (item: the file).
    pub const OTHER_DEFECTS: Stream = Stream(31);
}

/// A splitmix64 generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator for item `index` of stream `stream` of `seed`.
    pub fn derive(seed: u64, stream: Stream, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.0.wrapping_mul(0xA076_1D64_78BD_642F));
        let a = r.next_u64();
        Rng(a ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift); 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`; `lo` when `hi <= lo` (one draw either way
    /// would change the stream, so none is made).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi.abs_diff(lo) + 1) as i64
    }

    /// True with probability `p` (a ratio in 0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    /// One of `items`, uniformly.
    ///
    /// # Panics
    ///
    /// When `items` is empty: every table this crate picks from is a
    /// non-empty constant.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// A day in `first..=last`, uniformly.
    pub fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        let offset = self.range(0, (last - first).num_days());
        first
            .checked_add_days(Days::new(offset.unsigned_abs()))
            .unwrap_or(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_stream_and_item_give_the_same_draws() {
        let draws = |seed, stream, item| {
            let mut r = Rng::derive(seed, stream, item);
            (0..8).map(|_| r.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(
            draws(1, Stream::COUNCIL_HOUSEHOLD, 5),
            draws(1, Stream::COUNCIL_HOUSEHOLD, 5)
        );
        assert_ne!(
            draws(1, Stream::COUNCIL_HOUSEHOLD, 5),
            draws(1, Stream::COUNCIL_HOUSEHOLD, 6)
        );
        assert_ne!(
            draws(1, Stream::COUNCIL_HOUSEHOLD, 5),
            draws(1, Stream::REVENUES_DEFECTS, 5)
        );
        assert_ne!(
            draws(1, Stream::COUNCIL_HOUSEHOLD, 5),
            draws(2, Stream::COUNCIL_HOUSEHOLD, 5)
        );
    }

    #[test]
    fn ranges_stay_inside_their_bounds_and_reach_both_ends() {
        let mut r = Rng::derive(3, Stream::BENCH_LEDGERS, 0);
        let drawn: Vec<i64> = (0..2_000).map(|_| r.range(-6, 6)).collect();
        assert!(drawn.iter().all(|x| (-6..=6).contains(x)));
        assert!(drawn.contains(&-6) && drawn.contains(&6));
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(9, 2), 9);
        assert_eq!(r.below(0), 0);
        assert!((0..500).all(|_| r.below(3) < 3));
    }

    #[test]
    fn weights_and_chances_come_out_in_proportion() {
        let mut r = Rng::derive(11, Stream::BENCH_LEDGERS, 1);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[r.weighted(&[72, 20, 8])] += 1;
        }
        assert!((21_000..22_200).contains(&counts[0]), "{counts:?}");
        assert!((2_100..2_700).contains(&counts[2]), "{counts:?}");
        let hits = (0..30_000).filter(|_| r.chance(0.1)).count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
        assert!(!(0..1_000).any(|_| r.chance(0.0)));
        assert!((0..1_000).all(|_| r.chance(1.0)));
    }
}
