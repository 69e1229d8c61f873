//! The gap limit a wallet restoring the seed needs to find every address this one handed out.
//!
//! Restoring wallets derive a chain's addresses in order and stop after a run of unused ones
//! (BIP-44's "address gap limit", 20 in Sparrow, Electrum, BlueWallet, Ledger Live, Trezor
//! Suite; Ether wallets' account discovery stops at the first unused account the same way). This
//! wallet cannot see the chain, so any address it handed out may be the one that received
//! coins, while the addresses the user marked as funded are known to be found. An address at
//! index `k` is found when the run of addresses before it that may be unused (those since the
//! previous funded one) is shorter than the gap limit: the limit must be at least `k - f`,
//! `f` being the previous funded index (or -1).

use serde::Serialize;

use crate::asset::AddressFormat;

/// The gap limit restoring wallets use unless told otherwise (BIP-44).
pub const DEFAULT_GAP_LIMIT: u32 = 20;

/// The gap limit needed to find every address up to `highest` of a chain, when the addresses
/// at `funded` are known to have received coins; 0 when nothing was handed out.
pub fn gap_limit_needed(highest: Option<u32>, funded: &[u32]) -> u32 {
    let Some(highest) = highest else {
        return 0;
    };
    let mut funded: Vec<u32> = funded.iter().copied().filter(|&f| f <= highest).collect();
    funded.sort_unstable();
    let mut previous: i64 = -1;
    let mut needed: i64 = 0;
    for index in funded
        .into_iter()
        .map(i64::from)
        .chain([i64::from(highest)])
    {
        needed = needed.max(index - previous);
        previous = index;
    }
    u32::try_from(needed).unwrap_or(u32::MAX)
}

/// How far a chain's handed-out addresses stretch a restoring wallet's gap limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainGap {
    /// The chain's format (its receive chain; the wallet never hands out change).
    pub format: AddressFormat,
    /// The highest index handed out, if any.
    pub highest_used: Option<u32>,
    /// The indexes the user marked as having received funds, lowest first.
    pub funded: Vec<u32>,
    /// The gap limit a restoring wallet needs for what was handed out so far.
    pub needed: u32,
    /// The index the next fresh address takes.
    pub next_index: u32,
    /// The gap limit needed once that next address is handed out too.
    pub needed_after_next: u32,
}

impl ChainGap {
    /// The chain's figures from what the journal holds.
    pub fn new(format: AddressFormat, highest_used: Option<u32>, mut funded: Vec<u32>) -> ChainGap {
        funded.sort_unstable();
        let next_index = highest_used.map_or(0, |index| index.saturating_add(1));
        ChainGap {
            format,
            needed: gap_limit_needed(highest_used, &funded),
            needed_after_next: gap_limit_needed(Some(next_index), &funded),
            highest_used,
            funded,
            next_index,
        }
    }

    /// Whether taking the next fresh address would need more than the default gap limit: the
    /// user is told before taking it.
    pub fn next_needs_more_than_default(&self) -> bool {
        self.needed_after_next > DEFAULT_GAP_LIMIT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_limit_needed_counts_the_longest_run_that_may_be_unused() {
        // (highest handed out, funded, gap limit needed)
        let cases: &[(Option<u32>, &[u32], u32)] = &[
            (None, &[], 0),
            (Some(0), &[], 1),
            // Indexes 0..=19 with none funded: a limit of 20 finds index 19.
            (Some(19), &[], 20),
            (Some(20), &[], 21),
            (Some(56), &[], 57),
            // Funded 10: from there on the run starts again.
            (Some(20), &[10], 11),
            (Some(30), &[10], 20),
            (Some(31), &[10], 21),
            // An earlier long run still counts: funded 25 is only found with a limit of 26.
            (Some(30), &[25], 26),
            (Some(40), &[5, 15, 25, 35], 10),
            // Marks above what was handed out (from another network's use) are ignored.
            (Some(3), &[7], 4),
            (Some(u32::MAX >> 1), &[], 1 << 31),
        ];
        for &(highest, funded, expected) in cases {
            assert_eq!(
                gap_limit_needed(highest, funded),
                expected,
                "{highest:?} {funded:?}"
            );
        }
    }

    #[test]
    fn the_twenty_first_address_without_funds_is_warned_of_before_it_is_taken() {
        let after_nineteen = ChainGap::new(AddressFormat::P2wpkh, Some(18), vec![]);
        assert_eq!(
            (after_nineteen.next_index, after_nineteen.needed_after_next),
            (19, 20)
        );
        assert!(!after_nineteen.next_needs_more_than_default());
        let after_twenty = ChainGap::new(AddressFormat::P2wpkh, Some(19), vec![]);
        assert_eq!(
            (after_twenty.needed, after_twenty.needed_after_next),
            (20, 21)
        );
        assert!(after_twenty.next_needs_more_than_default());
        let one_funded = ChainGap::new(AddressFormat::P2wpkh, Some(19), vec![9]);
        assert_eq!(one_funded.needed_after_next, 11);
        assert!(!one_funded.next_needs_more_than_default());
    }
}
