//! Compressed answers of the public catalogue, kept with the catalogue build they came from: a search or a record asked again is sent from memory, not searched and compressed again.
//!
//! Every person gets the same answer to the same catalogue question, so the
//! bytes can be shared. They live inside the [`Catalogue`](super::catalogue::Catalogue)
//! they were computed from: a correction rebuilds the catalogue and so
//! starts with an empty cache, and no answer outlives the data behind it.
//! Brotli at a high quality costs more once but is paid once per answer,
//! and a phone on 4G gets fewer bytes than on-the-fly compression gives.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use lru::LruCache;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Bytes of compressed answers kept per catalogue build.
const BUDGET: usize = 24 * 1024 * 1024;
/// An answer bigger than this is sent but not kept (it would push out many).
const LARGEST: usize = 512 * 1024;
/// How long an answer is kept. "Most used" moves with every view, so an
/// answer sorted by use may be this old, never older.
const FRESH_FOR: Duration = Duration::from_secs(60);
/// Brotli quality for kept answers (0-11): near the best size at a small
/// fraction of quality 11's time.
const BROTLI_QUALITY: u32 = 9;

/// How the answer goes over the wire, as the client's `Accept-Encoding` allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The best the client accepts: brotli, then gzip, then none. A coding
    /// refused with `q=0` is not accepted.
    pub fn accepted(headers: &HeaderMap) -> Encoding {
        let mut br = false;
        let mut gzip = false;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(v) = value.to_str() else { continue };
            for item in v.split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                if refused {
                    continue;
                }
                match name.as_str() {
                    "br" => br = true,
                    "gzip" | "x-gzip" => gzip = true,
                    _ => {}
                }
            }
        }
        if br {
            Encoding::Brotli
        } else if gzip {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }

    /// `json` in this encoding.
    pub fn encode(self, json: &[u8]) -> std::io::Result<Bytes> {
        Ok(Bytes::from(match self {
            Encoding::Identity => json.to_vec(),
            Encoding::Gzip => {
                let mut e = flate2::write::GzEncoder::new(vec![], flate2::Compression::new(6));
                e.write_all(json)?;
                e.finish()?
            }
            Encoding::Brotli => {
                let mut out = vec![];
                {
                    let mut w =
                        brotli::CompressorWriter::new(&mut out, 16 * 1024, BROTLI_QUALITY, 22);
                    w.write_all(json)?;
                }
                out
            }
        }))
    }
}

/// The kept answers of one catalogue build, least recently used out first.
pub struct Answers {
    kept: Mutex<Kept>,
}

struct Kept {
    /// Each answer with when it was computed.
    lru: LruCache<(String, Encoding), (Instant, Bytes)>,
    bytes: usize,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            kept: Mutex::new(Kept {
                lru: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }
}

impl Answers {
    pub fn get(&self, key: &str, enc: Encoding) -> Option<Bytes> {
        self.get_at(key, enc, Instant::now())
    }

    pub fn put(&self, key: &str, enc: Encoding, body: Bytes) {
        self.put_at(key, enc, body, Instant::now())
    }

    /// The answer kept for `key`, unless it is older than [`FRESH_FOR`] at `now`.
    fn get_at(&self, key: &str, enc: Encoding, now: Instant) -> Option<Bytes> {
        let mut k = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let id = (key.to_owned(), enc);
        match k.lru.get(&id) {
            Some((at, body)) if now.saturating_duration_since(*at) < FRESH_FOR => {
                Some(body.clone())
            }
            Some(_) => {
                if let Some((_, old)) = k.lru.pop(&id) {
                    k.bytes -= old.len();
                }
                None
            }
            None => None,
        }
    }

    fn put_at(&self, key: &str, enc: Encoding, body: Bytes, now: Instant) {
        if body.len() > LARGEST {
            return;
        }
        let mut k = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        k.bytes += body.len();
        if let Some((_, old)) = k.lru.put((key.to_owned(), enc), (now, body)) {
            k.bytes -= old.len();
        }
        while k.bytes > BUDGET {
            match k.lru.pop_lru() {
                Some((_, (_, b))) => k.bytes -= b.len(),
                None => break,
            }
        }
    }

    /// How many answers are kept (for tests and operators).
    pub fn len(&self) -> usize {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .lru
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kept answer to `key`, or `compute`'s, encoded, kept and sent.
    pub fn answer<T: serde::Serialize>(
        &self,
        key: &str,
        enc: Encoding,
        compute: impl FnOnce() -> Result<T, crate::error::AppError>,
    ) -> Result<Response, crate::error::AppError> {
        if let Some(body) = self.get(key, enc) {
            return Ok(respond(enc, body));
        }
        let json = serde_json::to_vec(&compute()?).map_err(anyhow::Error::from)?;
        let body = enc.encode(&json).map_err(anyhow::Error::from)?;
        self.put(key, enc, body.clone());
        Ok(respond(enc, body))
    }
}

/// A JSON answer already encoded as `enc`.
pub fn respond(enc: Encoding, body: Bytes) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(e) = enc.header() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> Encoding {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        Encoding::accepted(&h)
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen_and_a_refused_one_is_not() {
        assert_eq!(accept("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(accept("gzip"), Encoding::Gzip);
        assert_eq!(accept("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(accept("identity"), Encoding::Identity);
        assert_eq!(Encoding::accepted(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn kept_answers_stay_within_the_budget_oldest_out_first() {
        let a = Answers::default();
        let chunk = Bytes::from(vec![0u8; LARGEST]);
        let n = BUDGET / LARGEST + 5;
        for i in 0..n {
            a.put(&i.to_string(), Encoding::Brotli, chunk.clone());
        }
        assert_eq!(a.len(), BUDGET / LARGEST);
        assert!(
            a.get("0", Encoding::Brotli).is_none(),
            "the oldest went first"
        );
        assert!(a.get(&(n - 1).to_string(), Encoding::Brotli).is_some());
        assert!(
            a.get(&(n - 1).to_string(), Encoding::Gzip).is_none(),
            "per encoding"
        );
        a.put("big", Encoding::Brotli, Bytes::from(vec![0u8; LARGEST + 1]));
        assert!(a.get("big", Encoding::Brotli).is_none());
    }

    #[test]
    fn an_answer_is_kept_for_a_minute_then_computed_again() {
        let a = Answers::default();
        let t0 = Instant::now();
        a.put_at("q", Encoding::Gzip, Bytes::from_static(b"x"), t0);
        assert!(a
            .get_at("q", Encoding::Gzip, t0 + FRESH_FOR - Duration::from_secs(1))
            .is_some());
        assert!(a.get_at("q", Encoding::Gzip, t0 + FRESH_FOR).is_none());
        assert!(a.is_empty(), "a stale answer is dropped, its bytes freed");
    }

    #[test]
    fn each_encoding_decodes_back_to_the_json() {
        use std::io::Read;
        let json = r#"{"items":["Đăng ký khai sinh"]}"#.repeat(50).into_bytes();
        let br = Encoding::Brotli.encode(&json).unwrap();
        let mut out = vec![];
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, json);
        let gz = Encoding::Gzip.encode(&json).unwrap();
        let mut out = vec![];
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, json);
        assert!(br.len() < json.len() / 5);
    }
}
