//! Which handed-out addresses the user marked as having received funds: the wallet cannot see
//! the chain, and the marks only move the gap count a restoring wallet needs (see [`crate::gap`]).

use rusqlite::params;

use super::{Journal, JournalError};
use crate::asset::{AddressFormat, Network};
use crate::gap::ChainGap;

impl Journal {
    /// Marks (or, with `funded` false, unmarks) index `index` of `format`'s receive chain as
    /// having received funds. Only an index the wallet handed out can be marked.
    pub fn mark_funded(
        &mut self,
        network: Network,
        format: AddressFormat,
        index: u32,
        funded: bool,
        now: i64,
    ) -> Result<(), JournalError> {
        let changed = self.connection.execute(
            "UPDATE reserved_index SET funded_at = ?5
             WHERE asset = ?1 AND network = ?2 AND format = ?3 AND idx = ?4",
            params![
                format.asset().symbol(),
                network.name(),
                format.wire_name(),
                index,
                funded.then_some(now),
            ],
        )?;
        if changed == 0 {
            return Err(JournalError::NotHandedOut { format, index });
        }
        Ok(())
    }

    /// The indexes of `format`'s receive chain on `network` marked as funded, lowest first.
    pub fn funded(
        &self,
        network: Network,
        format: AddressFormat,
    ) -> Result<Vec<u32>, JournalError> {
        let mut statement = self.connection.prepare(
            "SELECT idx FROM reserved_index
             WHERE asset = ?1 AND network = ?2 AND format = ?3 AND funded_at IS NOT NULL
             ORDER BY idx",
        )?;
        let rows = statement.query_map(
            params![format.asset().symbol(), network.name(), format.wire_name()],
            |row| row.get(0),
        )?;
        Ok(rows.collect::<Result<Vec<u32>, _>>()?)
    }

    /// How far `format`'s handed-out addresses on `network` stretch a restoring wallet's gap
    /// limit.
    pub fn chain_gap(
        &self,
        network: Network,
        format: AddressFormat,
    ) -> Result<ChainGap, JournalError> {
        let next = self.next_index(format.asset(), network, format)?;
        let highest = next.checked_sub(1);
        Ok(ChainGap::new(
            format,
            highest,
            self.funded(network, format)?,
        ))
    }

    /// When the first address of `format` on `network` was handed out, if one was: where a
    /// spending wallet's rescan for them may start.
    pub fn first_use(
        &self,
        network: Network,
        format: AddressFormat,
    ) -> Result<Option<i64>, JournalError> {
        Ok(self.connection.query_row(
            "SELECT MIN(at) FROM reserved_index WHERE asset = ?1 AND network = ?2 AND format = ?3",
            params![format.asset().symbol(), network.name(), format.wire_name()],
            |row| row.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::Asset;

    #[test]
    fn marking_an_address_funded_moves_the_gap_count_and_unmarking_moves_it_back() {
        let mut journal = Journal::in_memory().unwrap();
        let (network, format) = (Network::Mainnet, AddressFormat::P2wpkh);
        for _ in 0..20 {
            journal
                .reserve_receive(Asset::Btc, network, format, 1_000)
                .unwrap();
        }
        let gap = journal.chain_gap(network, format).unwrap();
        assert_eq!(
            (gap.highest_used, gap.needed, gap.needed_after_next),
            (Some(19), 20, 21)
        );
        journal
            .mark_funded(network, format, 9, true, 2_000)
            .unwrap();
        let gap = journal.chain_gap(network, format).unwrap();
        assert_eq!((gap.funded.clone(), gap.needed_after_next), (vec![9], 11));
        journal
            .mark_funded(network, format, 9, false, 3_000)
            .unwrap();
        assert_eq!(
            journal
                .chain_gap(network, format)
                .unwrap()
                .needed_after_next,
            21
        );
        // Other chains and networks are counted apart.
        assert_eq!(
            journal.chain_gap(Network::Testnet, format).unwrap().needed,
            0
        );
        assert_eq!(
            journal
                .chain_gap(network, AddressFormat::P2tr)
                .unwrap()
                .highest_used,
            None
        );
        assert_eq!(journal.first_use(network, format).unwrap(), Some(1_000));
    }

    #[test]
    fn an_address_never_handed_out_cannot_be_marked() {
        let mut journal = Journal::in_memory().unwrap();
        assert_eq!(
            journal.mark_funded(Network::Mainnet, AddressFormat::P2wpkh, 3, true, 1),
            Err(JournalError::NotHandedOut {
                format: AddressFormat::P2wpkh,
                index: 3
            })
        );
    }
}
