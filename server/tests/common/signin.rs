//! Signing in through the built-in stand-in over HTTP, as a browser would.

use super::Served;
use reqwest::redirect::Policy;
use serde_json::Value;

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// The hidden fields of the stand-in's account chooser, plus the account picked.
pub fn form_fields(html: &str, account: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for part in html.split("<input type=\"hidden\" name=\"").skip(1) {
        let (name, rest) = part.split_once("\" value=\"").unwrap();
        let value = rest
            .split_once('"')
            .unwrap()
            .0
            .replace("&amp;", "&")
            .replace("&quot;", "\"");
        if name == "account" {
            continue;
        }
        if !fields.iter().any(|(n, _): &(String, String)| n == name) {
            fields.push((name.to_owned(), value));
        }
    }
    fields.push(("account".into(), account.into()));
    fields
}

pub struct Login {
    /// `name=value` of the session cookie, if one was set.
    pub cookie: Option<String>,
    /// The whole `Set-Cookie` header, attributes included.
    pub set_cookie: Option<String>,
    pub landed: String,
    pub callback: String,
    /// `name=value` of the cookie binding the login to this browser.
    pub binding: String,
}

/// The provider's round trip up to the callback: the authorize URL the
/// portal sent the browser to, the callback URL (with a fresh code) the
/// provider sends it back to, and the cookie that binds the login to the
/// browser that started it.
pub async fn choose_account(
    s: &Served,
    c: &reqwest::Client,
    account: &str,
    return_to: &str,
) -> (String, String, String) {
    let start = c
        .get(format!(
            "{}/api/auth/login?return_to={}",
            s.base,
            urlencode(return_to)
        ))
        .send()
        .await
        .unwrap();
    assert!(start.status().is_redirection(), "{}", start.status());
    let binding = start
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("dvc_login="))
        .expect("the login is bound to this browser")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let authorize = location(&start);
    assert!(
        authorize.starts_with(&format!("{}/sso/authorize?", s.base)),
        "{authorize}"
    );
    assert!(
        authorize.contains("code_challenge_method=S256")
            && authorize.contains("nonce=")
            && authorize.contains("state=")
    );
    let page = c
        .get(&authorize)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("MÔI TRƯỜNG THỬ NGHIỆM"),
        "the stand-in says it is a test provider"
    );
    let chosen = c
        .post(format!("{}/sso/authorize", s.base))
        .form(&form_fields(&page, account))
        .send()
        .await
        .unwrap();
    (authorize, location(&chosen), binding)
}

/// Clicks through a login as `account`, starting from `return_to`.
pub async fn login(s: &Served, account: &str, return_to: &str) -> Login {
    let c = client();
    let (_, callback, binding) = choose_account(s, &c, account, return_to).await;
    let back = c
        .get(&callback)
        .header("cookie", &binding)
        .send()
        .await
        .unwrap();
    let set_cookie = back
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("dvc_session="));
    let cookie = set_cookie
        .as_ref()
        .map(|v| v.split(';').next().unwrap().to_owned());
    Login {
        cookie,
        set_cookie,
        landed: location(&back),
        callback,
        binding,
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/.-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Signs in as `account`; returns the session cookie and its CSRF token.
pub async fn signed_in(s: &Served, account: &str) -> (String, String) {
    let cookie = login(s, account, "/")
        .await
        .cookie
        .expect("a session cookie");
    let csrf = session(s, &cookie).await["csrf"]
        .as_str()
        .unwrap()
        .to_owned();
    (cookie, csrf)
}

pub async fn session(s: &Served, cookie: &str) -> Value {
    client()
        .get(format!("{}/api/session", s.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
