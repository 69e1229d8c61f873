//! The receive screen: a fresh address to give to payers, and the user's Travel Address to give
//! to senders' VASPs. Plain functions, as in `api.rs`.
//!
//! An address shown here is reserved in the journal as a receive address, so no later AOPP
//! proof ever uses it (Ether, whose funds live on one account, is proven by account choice).

use base64::Engine;
use serde::Serialize;
use wallet_core::{AddressFormat, Asset, TravelAddress};

use crate::api::{lock, WalletApp};
use crate::error::ApiError;
use crate::proofs::now;

/// A receive address with everything the screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiveView {
    /// The asset.
    pub asset: Asset,
    /// The format.
    pub format: AddressFormat,
    /// The network.
    pub network: wallet_core::Network,
    /// The address.
    pub address: String,
    /// Its BIP-32 path.
    pub path: String,
    /// BIP-21 `bitcoin:` or EIP-681 `ethereum:` URI, as the QR code holds it.
    pub uri: String,
    /// The QR code of `uri`, as an SVG data URL.
    pub qr: String,
    /// The chain's gap count: the screen warns before "New address" when the next one needs a
    /// restoring wallet to look further than the default gap limit.
    pub gap: wallet_core::gap::ChainGap,
}

/// Whether a receive address of a format was shown, and its chain's gap count.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiveGap {
    /// A receive address was shown before (it is shown again, nothing is taken).
    pub shown: bool,
    /// The chain's gap count.
    pub gap: wallet_core::gap::ChainGap,
}

/// A Travel Address with what the screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct TravelAddressView {
    /// The `ta…` text.
    pub travel_address: String,
    /// The inquiry URL, with `https://`.
    pub url: String,
    /// Where travel-rule data will go.
    pub host: String,
    /// The QR code of the Travel Address, as an SVG data URL.
    pub qr: String,
}

impl WalletApp {
    /// The receive address of `format`: the one last shown, or a fresh one if `fresh` or none
    /// was shown yet on this network.
    pub fn receive_address(
        &self,
        format: AddressFormat,
        fresh: bool,
    ) -> Result<ReceiveView, ApiError> {
        let network = self.settings().network;
        let asset = format.asset();
        let (index, gap) = {
            let mut journal = lock(&self.journal);
            let index = match journal.last_receive(asset, network, format)? {
                Some(index) if !fresh => index,
                _ => journal.reserve_receive(asset, network, format, now())?,
            };
            (index, journal.chain_gap(network, format)?)
        };
        let key = self.master_key()?.derive(format, index)?;
        let address = key.address.to_string();
        let uri = match asset {
            Asset::Btc => format!("bitcoin:{address}"),
            Asset::Eth => format!("ethereum:{address}"),
        };
        Ok(ReceiveView {
            asset,
            format,
            network,
            path: format!("m/{}", key.path),
            qr: qr_data_url(&uri)?,
            uri,
            address,
            gap,
        })
    }

    /// Before Receive shows `format`'s address: whether one was shown already, and the chain's
    /// gap count. Without one shown, opening Receive takes a fresh address, so when that needs a
    /// restoring wallet to look further than the default gap limit the screen asks first.
    pub fn receive_gap(&self, format: AddressFormat) -> Result<ReceiveGap, ApiError> {
        let network = self.settings().network;
        let journal = lock(&self.journal);
        Ok(ReceiveGap {
            shown: journal
                .last_receive(format.asset(), network, format)?
                .is_some(),
            gap: journal.chain_gap(network, format)?,
        })
    }

    /// The saved Travel Address, if the user set one up.
    pub fn travel_address(&self) -> Result<Option<TravelAddressView>, ApiError> {
        self.settings()
            .travel_address
            .map(|text| {
                TravelAddress::decode(&text)
                    .map_err(ApiError::from)
                    .and_then(|ta| view(&ta))
            })
            .transpose()
    }

    /// Validates and saves what the user pasted: a `ta…` Travel Address, or the inquiry URL of
    /// the VASP or inbox that receives on their behalf.
    pub fn set_travel_address(&self, pasted: &str) -> Result<TravelAddressView, ApiError> {
        let address = parse_pasted(pasted)?;
        let shown = view(&address)?;
        self.update_settings(|settings| {
            settings.travel_address = Some(address.as_str().to_owned());
        })?;
        Ok(shown)
    }

    /// Forgets the Travel Address.
    pub fn clear_travel_address(&self) -> Result<(), ApiError> {
        self.update_settings(|settings| settings.travel_address = None)
            .map(drop)
    }

    /// Decodes any Travel Address, for the decode tool.
    pub fn decode_travel_address(&self, text: &str) -> Result<TravelAddressView, ApiError> {
        view(&TravelAddress::decode(text.trim())?)
    }
}

/// `ta…` is decoded strictly; anything else is taken as a pasted URL.
fn parse_pasted(pasted: &str) -> Result<TravelAddress, ApiError> {
    let text = pasted.trim();
    let looks_encoded = text.starts_with("ta") && !text.contains(['.', '/', ':']);
    let parsed = if looks_encoded {
        TravelAddress::decode(text)
    } else {
        TravelAddress::from_inquiry_url(text)
    };
    Ok(parsed?)
}

fn view(address: &TravelAddress) -> Result<TravelAddressView, ApiError> {
    Ok(TravelAddressView {
        travel_address: address.as_str().to_owned(),
        url: address.https_url(),
        host: address.host(),
        qr: qr_data_url(address.as_str())?,
    })
}

/// The QR code of `text`, as an SVG data URL.
pub(crate) fn qr_data_url(text: &str) -> Result<String, ApiError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|error| ApiError::new("qr_failed", &error.to_string()))?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}
