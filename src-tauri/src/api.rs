//! Everything the UI can ask for, as plain functions on [`WalletApp`]: no Tauri types, so each
//! one runs in a test without a webview. `commands.rs` exposes them to the webview.

use std::path::Path;
use std::sync::Mutex;

use bitcoin::secp256k1::rand::rngs::OsRng;
use bitcoin::secp256k1::rand::seq::index::sample;
use serde::Serialize;
use wallet_core::keys::{complete_word, Mnemonic, WordCount};
use wallet_core::{AoppRequest, LoopbackHttp};
use zeroize::Zeroizing;

use wallet_core::deliver::{Courier, DeliveryConfig};
use wallet_core::journal::Journal;

use crate::damaged::DamagedFile;
use crate::error::ApiError;
use crate::language::{Language, LanguageView};
use crate::link_queue::LinkQueue;
use crate::proofs::{now, ProofView};
use crate::registration::{self, HandlerStatus, Scheme};
use crate::settings::{Settings, SettingsChange, SettingsFile};
use crate::vault::{Vault, WalletSecret};

/// What the user must type to delete the wallet.
pub const DELETE_CONFIRMATION: &str = "delete my wallet";

/// How many words the backup check asks for.
const QUIZ_WORDS: usize = 3;

/// Settings only developers and tests change, from the environment (read only by builds with
/// the `test-switches` feature: see `lib.rs`).
#[derive(Debug, Clone, Default)]
pub struct DeveloperOptions {
    /// Accept plain-http callbacks on loopback hosts (`AOPP_WALLET_ALLOW_LOOPBACK_HTTP=1`).
    pub loopback_http: LoopbackHttp,
    /// Trust this PEM CA instead of the platform's roots (`AOPP_WALLET_EXTRA_CA=path`).
    pub extra_root_pem: Option<Vec<u8>>,
    /// WebKit's built-in test camera (`AOPP_WALLET_MOCK_CAMERA=1`).
    pub mock_camera: bool,
    /// A WalletConnect relay to use whatever Settings say (`AOPP_WALLET_WC_RELAY_URL`): the
    /// test relay.
    pub walletconnect_relay: Option<url::Url>,
}

/// The app's state behind the commands.
pub struct WalletApp {
    pub(crate) vault: Vault,
    settings_file: SettingsFile,
    settings: Mutex<Settings>,
    queue: Mutex<LinkQueue>,
    draft: Mutex<Option<BackupDraft>>,
    /// Files that could not be read at start, until the user has seen them.
    damaged: Mutex<Vec<DamagedFile>>,
    loopback_http: LoopbackHttp,
    pub(crate) journal: Mutex<Journal>,
    pub(crate) delivery: DeliveryConfig,
    /// The HTTP agent, kept while the proxy setting it was built for stays the same.
    pub(crate) courier: Mutex<Option<(Option<String>, std::sync::Arc<Courier>)>>,
    /// WalletConnect's sessions and the relay connection (`connections.rs`).
    pub(crate) connections: crate::connections::ConnectionsCell,
    /// Bitcoin indexes reserved by a Connect the relay did not take, by proposal: pressing
    /// Connect again shares the same address instead of reserving another.
    pub(crate) connect_reserved:
        Mutex<std::collections::HashMap<u64, (wallet_core::AddressFormat, u32)>>,
    pub(crate) test_relay: Option<url::Url>,
}

/// A new phrase shown once, not yet stored: it is stored when the user proves the backup.
struct BackupDraft {
    mnemonic: Mnemonic,
    quiz: Vec<usize>,
}

/// The new phrase for the create screen.
#[derive(Serialize)]
pub struct DraftView {
    /// The 24 words, in order.
    pub words: Vec<&'static str>,
    /// 1-based positions of the words the user must type back, ascending.
    pub quiz: Vec<usize>,
}

/// What the first screen needs to know.
#[derive(Serialize)]
pub struct Status {
    /// Whether a wallet is in the keyring.
    pub has_wallet: bool,
    /// Current settings.
    pub settings: Settings,
    /// Files that could not be read at start: nothing is delivered until the user has seen
    /// them ([`WalletApp::accept_damaged_files`]).
    pub damaged_files: Vec<DamagedFile>,
}

/// A waiting link as the UI shows it: the request, or why it is refused.
#[derive(Serialize)]
pub struct LinkView {
    /// Its queue id.
    pub id: u64,
    /// The link as received.
    pub link: String,
    /// The parsed request, if the link is valid.
    pub request: Option<RequestView>,
    /// The parser's error, if not.
    pub error: Option<ApiError>,
    /// The proof already made for this link's callback, if one was: the link is then not
    /// signed again (it was opened twice, or the app stopped before dismissing it).
    pub existing_proof: Option<ProofView>,
}

/// A parsed request with the callback's host spelled out.
#[derive(Serialize)]
pub struct RequestView {
    /// The request itself.
    #[serde(flatten)]
    pub request: AoppRequest,
    /// The host the proof would go to.
    pub callback_host: String,
}

impl WalletApp {
    /// Opens the state kept in `data_dir` (settings, link queue, journal) with the keyring
    /// item of `vault`.
    pub fn open(
        data_dir: &Path,
        vault: Vault,
        developer: DeveloperOptions,
    ) -> Result<WalletApp, ApiError> {
        wallet_core::private_files::create_dir(data_dir)
            .map_err(|error| ApiError::new("data_dir", &error.to_string()))?;
        let settings_file = SettingsFile::in_dir(data_dir);
        let journal = Journal::open(&data_dir.join("journal.sqlite3"))?;
        let (settings, damaged_settings) = settings_file.load(now());
        let (queue, damaged_queue) = LinkQueue::open(data_dir, now());
        Ok(WalletApp {
            vault,
            settings: Mutex::new(settings),
            settings_file,
            queue: Mutex::new(queue),
            draft: Mutex::new(None),
            damaged: Mutex::new(damaged_settings.into_iter().chain(damaged_queue).collect()),
            loopback_http: developer.loopback_http,
            journal: Mutex::new(journal),
            delivery: DeliveryConfig {
                extra_root_pem: developer.extra_root_pem,
                ..DeliveryConfig::default()
            },
            courier: Mutex::new(None),
            connections: std::sync::OnceLock::new(),
            connect_reserved: Mutex::default(),
            test_relay: developer.walletconnect_relay,
        })
    }

    /// Whether a wallet exists, the settings, and files that could not be read.
    pub fn status(&self) -> Result<Status, ApiError> {
        Ok(Status {
            has_wallet: self.vault.exists()?,
            settings: lock(&self.settings).clone(),
            damaged_files: lock(&self.damaged).clone(),
        })
    }

    /// The language of the screens: the one picked in Settings, if any, and the system's.
    /// Never fails, so that even the keyring's problem is said in the user's language.
    pub fn language(&self) -> LanguageView {
        LanguageView {
            system: Language::of_system(|name| std::env::var(name).ok()),
            chosen: lock(&self.settings).language,
        }
    }

    /// The user has seen which files were damaged and goes on with the defaults.
    pub fn accept_damaged_files(&self) {
        lock(&self.damaged).clear();
    }

    /// Refuses to deliver while a damaged file has not been shown: its settings (a proxy) may
    /// be what the user relies on.
    pub(crate) fn check_no_damaged_files(&self) -> Result<(), ApiError> {
        if lock(&self.damaged).is_empty() {
            return Ok(());
        }
        Err(ApiError::new(
            "damaged_files",
            "a settings or queue file could not be read; review it before sending anything",
        ))
    }

    /// Words of the BIP-39 list that start with `prefix`.
    pub fn complete_word(&self, prefix: &str) -> Vec<&'static str> {
        complete_word(prefix)
    }

    /// Checks a phrase as the user types it.
    pub fn check_phrase(&self, phrase: &str) -> Result<(), ApiError> {
        Mnemonic::parse(phrase).map(drop).map_err(ApiError::from)
    }

    /// Draws a new 24-word phrase from the OS and picks the words to check.
    pub fn create_draft(&self) -> DraftView {
        let mnemonic = Mnemonic::generate(WordCount::TwentyFour, &mut OsRng);
        let mut quiz: Vec<usize> = sample(&mut OsRng, 24, QUIZ_WORDS)
            .into_iter()
            .map(|index| index + 1)
            .collect();
        quiz.sort_unstable();
        let view = DraftView {
            words: mnemonic.words().collect(),
            quiz: quiz.clone(),
        };
        *lock(&self.draft) = Some(BackupDraft { mnemonic, quiz });
        view
    }

    /// Forgets the drafted phrase (the user left the create screen): it is erased from memory.
    pub fn discard_draft(&self) {
        *lock(&self.draft) = None;
    }

    /// Stores the drafted phrase if `answers` are its quiz words, in quiz order.
    pub fn confirm_draft(&self, answers: &[String]) -> Result<(), ApiError> {
        let mut draft = lock(&self.draft);
        let Some(pending) = draft.as_ref() else {
            return Err(ApiError::new(
                "no_draft",
                "no new phrase is waiting for its backup check",
            ));
        };
        let words: Vec<&str> = pending.mnemonic.words().collect();
        let correct =
            answers.len() == pending.quiz.len()
                && pending.quiz.iter().zip(answers).all(|(position, answer)| {
                    words[position - 1].eq_ignore_ascii_case(answer.trim())
                });
        if !correct {
            return Err(ApiError::new(
                "backup_mismatch",
                "the words do not match the phrase",
            ));
        }
        self.vault.store(&WalletSecret {
            mnemonic: pending.mnemonic.clone(),
            passphrase: Zeroizing::new(String::new()),
        })?;
        *draft = None;
        Ok(())
    }

    /// Stores an existing phrase and optional passphrase.
    pub fn import(&self, phrase: &str, passphrase: &str) -> Result<(), ApiError> {
        let mnemonic = Mnemonic::parse(phrase)?;
        self.vault.store(&WalletSecret {
            mnemonic,
            passphrase: Zeroizing::new(passphrase.to_owned()),
        })?;
        Ok(())
    }

    /// The stored phrase's words, for the user to see again.
    pub fn reveal_phrase(&self) -> Result<Vec<&'static str>, ApiError> {
        let secret = self
            .vault
            .load()?
            .ok_or_else(|| ApiError::new("no_wallet", "there is no wallet"))?;
        Ok(secret.mnemonic.words().collect())
    }

    /// Removes the wallet from the keyring once the user typed [`DELETE_CONFIRMATION`].
    pub fn delete_wallet(&self, typed: &str) -> Result<(), ApiError> {
        if typed.trim() != DELETE_CONFIRMATION {
            return Err(ApiError::new(
                "confirmation_mismatch",
                "the confirmation text does not match",
            ));
        }
        self.vault.delete()?;
        Ok(())
    }

    /// Current settings.
    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Applies what the Settings screen changed to the stored settings and saves them.
    pub fn set_settings(&self, change: SettingsChange) -> Result<Settings, ApiError> {
        let relay_changed = change.walletconnect_relay.is_some()
            || change.walletconnect_project_id.is_some()
            || change.socks5_proxy.is_some();
        let saved = self.update_settings(|settings| *settings = settings.with(change))?;
        if relay_changed {
            self.reconfigure_connections()?;
        }
        Ok(saved)
    }

    /// Changes the stored settings with `edit` and saves them, under one lock so that two
    /// screens saving at once cannot undo each other.
    pub(crate) fn update_settings(
        &self,
        edit: impl FnOnce(&mut Settings),
    ) -> Result<Settings, ApiError> {
        let mut settings = lock(&self.settings);
        let mut changed = settings.clone();
        edit(&mut changed);
        self.settings_file.save(&changed)?;
        *settings = changed.clone();
        Ok(changed)
    }

    /// Queues a link that arrived; returns whether it was new.
    pub fn receive_link(&self, link: &str) -> Result<bool, ApiError> {
        lock(&self.queue)
            .push(link)
            .map_err(|error| ApiError::new(error.code(), &error.to_string()))
    }

    /// The waiting links, oldest first, each parsed for display.
    pub fn links(&self) -> Vec<LinkView> {
        let queued = lock(&self.queue).links().to_vec();
        queued
            .into_iter()
            .map(|queued| {
                let parsed = AoppRequest::parse_with(&queued.link, self.loopback_http);
                let (request, error, existing_proof) = match parsed {
                    Ok(request) => match self.existing_proof(&request) {
                        Ok(existing) => (
                            Some(RequestView {
                                callback_host: request.callback_host(),
                                request,
                            }),
                            None,
                            existing,
                        ),
                        Err(error) => (None, Some(error), None),
                    },
                    Err(error) => (None, Some(ApiError::from(error)), None),
                };
                LinkView {
                    id: queued.id,
                    link: queued.link,
                    request,
                    error,
                    existing_proof,
                }
            })
            .collect()
    }

    /// Drops a waiting link without signing anything.
    pub fn dismiss_link(&self, id: u64) -> Result<(), ApiError> {
        lock(&self.queue)
            .remove(id)
            .map(drop)
            .map_err(|error| ApiError::new("queue_io", &error.to_string()))
    }

    /// Who handles `scheme`'s links.
    pub fn handler_status(&self, scheme: Scheme) -> HandlerStatus {
        registration::status(scheme)
    }

    /// Makes this app the handler of `scheme`; `take_over` once the user agreed to replace
    /// another one.
    pub fn register_handler(
        &self,
        scheme: Scheme,
        take_over: bool,
    ) -> Result<HandlerStatus, ApiError> {
        Ok(registration::register(scheme, take_over)?)
    }
}

/// Locks `mutex`, recovering the data if a panic poisoned it: the state stays consistent
/// because every writer replaces whole values.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
