//! The query of an `aopp:` link, decoded once as `application/x-www-form-urlencoded`.

use super::AoppRequestError;

/// One `name=value` pair, both decoded to bytes (`+` is a space, `%XX` a byte).
pub(super) struct Pair {
    pub name: String,
    pub value: Vec<u8>,
}

/// Splits `query` on `&` and decodes each pair exactly once.
///
/// A malformed escape is an error rather than kept literally (as a browser would): a wallet must
/// never sign something other than what the VASP meant to send.
pub(super) fn decode(query: &str) -> Result<Vec<Pair>, AoppRequestError> {
    let mut pairs = Vec::new();
    for piece in query.split('&').filter(|piece| !piece.is_empty()) {
        let (raw_name, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
        let name_bytes =
            decode_component(raw_name).map_err(|offset| AoppRequestError::BadPercentEncoding {
                parameter: raw_name.to_owned(),
                offset,
            })?;
        // A name that is not UTF-8 cannot be one we know; keep it printable for errors.
        let name = String::from_utf8_lossy(&name_bytes).into_owned();
        let value =
            decode_component(raw_value).map_err(|offset| AoppRequestError::BadPercentEncoding {
                parameter: name.clone(),
                offset,
            })?;
        pairs.push(Pair { name, value });
    }
    Ok(pairs)
}

/// Decodes one component; on a bad escape returns the offset of its `%`.
fn decode_component(raw: &str) -> Result<Vec<u8>, usize> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let high = bytes.get(i + 1).and_then(|b| hex_value(*b));
                let low = bytes.get(i + 2).and_then(|b| hex_value(*b));
                match (high, low) {
                    (Some(high), Some(low)) => out.push(high << 4 | low),
                    _ => return Err(i),
                }
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    Ok(out)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_is_space_and_escaped_plus_is_plus() {
        assert_eq!(decode_component("a+b%2Bc").unwrap(), b"a b+c");
    }

    #[test]
    fn escapes_are_decoded_once() {
        // `%2541` is `%41` after one decoding, not `A`.
        assert_eq!(decode_component("%2541").unwrap(), b"%41");
    }

    #[test]
    fn truncated_escape_is_rejected_at_its_offset() {
        assert_eq!(decode_component("ab%4"), Err(2));
        assert_eq!(decode_component("%zz"), Err(0));
    }

    #[test]
    fn pairs_keep_empty_values_and_skip_empty_pieces() {
        let pairs = decode("a=&&b").unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].name, "a");
        assert!(pairs[1].value.is_empty());
    }
}
