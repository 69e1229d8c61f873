use thiserror::Error;

use crate::asset::Asset;

/// Why an `aopp:` link was refused. Nothing is signed for a link that produced one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AoppRequestError {
    /// The link does not start with `aopp:`; carries the scheme found.
    #[error("not an aopp: link (scheme {0:?})")]
    WrongScheme(String),
    /// Something stands between `aopp:` and `?`.
    #[error("unexpected path {0:?} after aopp:")]
    UnexpectedPath(String),
    /// An unescaped `#` cut the link short.
    #[error("link has a fragment {0:?}; an unescaped # truncates the request")]
    LinkFragment(String),
    /// A `%` not followed by two hex digits.
    #[error("bad percent-encoding in parameter {parameter:?} at offset {offset}")]
    BadPercentEncoding {
        /// The parameter (or the raw name, if the name itself is bad).
        parameter: String,
        /// Byte offset of the `%` in the raw component.
        offset: usize,
    },
    /// A required parameter is absent.
    #[error("missing required parameter {name:?}")]
    MissingParameter {
        /// Its name.
        name: &'static str,
    },
    /// A required parameter is given more than once.
    #[error("parameter {name:?} is given more than once")]
    DuplicateParameter {
        /// Its name.
        name: String,
    },
    /// `v` is not `0`.
    #[error("unsupported AOPP version {0:?}, only 0 is known")]
    UnsupportedVersion(String),
    /// `msg` is longer than [`super::MAX_MESSAGE_LEN`].
    #[error("message is {len} characters, limit is 1024")]
    MessageTooLong {
        /// Its length in characters.
        len: usize,
    },
    /// `msg` holds a character outside ASCII.
    #[error("message has a non-ASCII character at position {position}")]
    NonAsciiMessage {
        /// 0-based character index.
        position: usize,
    },
    /// `msg` holds a control character other than `\n`, `\r`, `\t`.
    #[error("message has control character 0x{code:02x} at position {position}")]
    ControlCharacter {
        /// 0-based character index.
        position: usize,
        /// The character's code.
        code: u8,
    },
    /// An Ether request whose message is a Sign-In with Ethereum (EIP-4361) login: signing it
    /// would log the requester in elsewhere as the user.
    #[error("message is a Sign-In with Ethereum (EIP-4361) login, not an ownership proof")]
    SignInMessage,
    /// `asset` is neither `btc` nor `eth`.
    #[error("unknown asset {0:?}")]
    UnknownAsset(String),
    /// `format` is not one of the asset's formats.
    #[error("format {format:?} is not a format of {asset}")]
    UnsupportedFormat {
        /// The request's asset.
        asset: Asset,
        /// The format asked for.
        format: String,
    },
    /// `callback` is not an absolute URL.
    #[error("callback {callback:?} is not an absolute URL: {reason}")]
    CallbackNotUrl {
        /// The callback as given.
        callback: String,
        /// What the URL parser said.
        reason: String,
    },
    /// `callback` is a URL without a host.
    #[error("callback {callback:?} has no host")]
    CallbackNoHost {
        /// The callback as given.
        callback: String,
    },
    /// `callback` carries a user name or password.
    #[error("callback {callback:?} carries user info")]
    CallbackUserInfo {
        /// The callback as given.
        callback: String,
    },
    /// `callback` carries a fragment.
    #[error("callback {callback:?} carries a fragment")]
    CallbackFragment {
        /// The callback as given.
        callback: String,
    },
    /// `callback` is plain `http` where only `https` is allowed.
    #[error("callback {callback:?} is not https")]
    InsecureCallback {
        /// The callback as given.
        callback: String,
    },
    /// `callback` uses a scheme other than `https`.
    #[error("callback scheme {scheme:?} is not https")]
    CallbackScheme {
        /// The scheme found.
        scheme: String,
    },
}

impl AoppRequestError {
    /// A stable snake_case code for the UI to switch on.
    pub fn code(&self) -> &'static str {
        match self {
            AoppRequestError::WrongScheme(_) => "wrong_scheme",
            AoppRequestError::UnexpectedPath(_) => "unexpected_path",
            AoppRequestError::LinkFragment(_) => "link_fragment",
            AoppRequestError::BadPercentEncoding { .. } => "bad_percent_encoding",
            AoppRequestError::MissingParameter { .. } => "missing_parameter",
            AoppRequestError::DuplicateParameter { .. } => "duplicate_parameter",
            AoppRequestError::UnsupportedVersion(_) => "unsupported_version",
            AoppRequestError::MessageTooLong { .. } => "message_too_long",
            AoppRequestError::NonAsciiMessage { .. } => "non_ascii_message",
            AoppRequestError::ControlCharacter { .. } => "control_character",
            AoppRequestError::SignInMessage => "sign_in_message",
            AoppRequestError::UnknownAsset(_) => "unknown_asset",
            AoppRequestError::UnsupportedFormat { .. } => "unsupported_format",
            AoppRequestError::CallbackNotUrl { .. } => "callback_not_url",
            AoppRequestError::CallbackNoHost { .. } => "callback_no_host",
            AoppRequestError::CallbackUserInfo { .. } => "callback_user_info",
            AoppRequestError::CallbackFragment { .. } => "callback_fragment",
            AoppRequestError::InsecureCallback { .. } => "insecure_callback",
            AoppRequestError::CallbackScheme { .. } => "callback_scheme",
        }
    }
}
