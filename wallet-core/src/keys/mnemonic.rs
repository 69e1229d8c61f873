//! BIP-39 recovery phrases and the seed they stand for.
//!
//! Secrets here are zeroized on drop and never shown by `Debug`.

use std::fmt;

use bip39::Language;
use bitcoin::secp256k1::rand::{CryptoRng, RngCore};
use thiserror::Error;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// How many words a new phrase has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordCount {
    /// 12 words, 128 bits of entropy.
    Twelve,
    /// 24 words, 256 bits of entropy.
    TwentyFour,
}

impl WordCount {
    fn entropy_bytes(self) -> usize {
        match self {
            WordCount::Twelve => 16,
            WordCount::TwentyFour => 32,
        }
    }
}

/// Why a phrase was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MnemonicError {
    /// BIP-39 phrases have 12, 15, 18, 21 or 24 words.
    #[error("phrase has {count} words, expected 12, 15, 18, 21 or 24")]
    WordCount {
        /// Words found.
        count: usize,
    },
    /// A word is not in the English BIP-39 list.
    #[error("word {position} is not in the BIP-39 English list")]
    UnknownWord {
        /// 1-based position of the word (the word itself is secret and is not kept).
        position: usize,
    },
    /// All words are known but the checksum does not match: a word is wrong or misplaced.
    #[error("checksum does not match")]
    BadChecksum,
}

impl MnemonicError {
    /// A stable snake_case code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            MnemonicError::WordCount { .. } => "word_count",
            MnemonicError::UnknownWord { .. } => "unknown_word",
            MnemonicError::BadChecksum => "bad_checksum",
        }
    }
}

/// A BIP-39 English recovery phrase with a valid checksum.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Mnemonic(bip39::Mnemonic);

impl Mnemonic {
    /// A new phrase from `rng`, which must be a cryptographic generator (the OS's in the app).
    pub fn generate<R: RngCore + CryptoRng>(words: WordCount, rng: &mut R) -> Mnemonic {
        let mut entropy = Zeroizing::new([0u8; 32]);
        let entropy = &mut entropy[..words.entropy_bytes()];
        rng.fill_bytes(entropy);
        match bip39::Mnemonic::from_entropy_in(Language::English, entropy) {
            Ok(mnemonic) => Mnemonic(mnemonic),
            // 16 and 32 bytes are valid BIP-39 entropy lengths.
            Err(error) => unreachable!("valid entropy length refused: {error}"),
        }
    }

    /// Parses a phrase a user typed: any case, any whitespace between words.
    pub fn parse(phrase: &str) -> Result<Mnemonic, MnemonicError> {
        let normalized = Zeroizing::new(
            phrase
                .split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" "),
        );
        bip39::Mnemonic::parse_in_normalized(Language::English, &normalized)
            .map(Mnemonic)
            .map_err(|error| match error {
                bip39::Error::BadWordCount(count) => MnemonicError::WordCount { count },
                bip39::Error::UnknownWord(index) => MnemonicError::UnknownWord {
                    position: index + 1,
                },
                _ => MnemonicError::BadChecksum,
            })
    }

    /// The words, space-separated. The caller holds a secret: keep it in [`Zeroizing`].
    pub fn phrase(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.to_string())
    }

    /// The words in order.
    pub fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.words()
    }

    /// The BIP-39 seed for this phrase and `passphrase` (empty for none; NFKD-normalized here).
    pub fn to_seed(&self, passphrase: &str) -> Seed {
        Seed(self.0.to_seed(passphrase))
    }
}

impl fmt::Debug for Mnemonic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mnemonic(<redacted>)")
    }
}

/// A 64-byte BIP-39 seed, the root of every key the wallet derives.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Seed([u8; 64]);

impl Seed {
    /// Wraps raw seed bytes (BIP-32 test vectors use seeds of other lengths: see
    /// [`crate::keys::MasterKey::from_seed_bytes`]).
    pub fn from_bytes(bytes: [u8; 64]) -> Seed {
        Seed(bytes)
    }

    /// The seed bytes.
    pub fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed(<redacted>)")
    }
}

/// The English BIP-39 words that start with `prefix` (lowercase), in list order.
pub fn complete_word(prefix: &str) -> Vec<&'static str> {
    let prefix = prefix.trim().to_lowercase();
    if prefix.is_empty() {
        return Vec::new();
    }
    Language::English.words_by_prefix(&prefix).to_vec()
}

/// Whether `word` is in the English BIP-39 list.
pub fn is_word(word: &str) -> bool {
    Language::English.find_word(word).is_some()
}
