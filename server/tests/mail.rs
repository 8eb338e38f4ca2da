//! Notification email over real SMTP (aiosmtpd, installed by scripts/test): one email per status change, in the person's language, and none lost while the mail server is down.

mod common;

use common::person::{online_procedure_of, Person};
use common::{serve_fresh, RT};
use serde_json::{json, Value};
use std::io::BufRead;
use std::time::{Duration, Instant};

/// The test SMTP server: `scripts/smtp-sink.py` writing what it receives to a file.
struct Sink {
    child: std::process::Child,
}

impl Sink {
    fn start(port: u16, file: &std::path::Path) -> Sink {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = std::env::var("TEST_SMTP_PYTHON")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| root.join("var/smtp/bin/python"));
        assert!(
            python.exists(),
            "the mail tests need aiosmtpd: run scripts/test (it installs it), or set TEST_SMTP_PYTHON"
        );
        let mut child = std::process::Command::new(python)
            .arg(root.join("scripts/smtp-sink.py"))
            .args(["127.0.0.1", &port.to_string()])
            .arg(file)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the SMTP sink starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Sink { child }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn received(file: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

async fn wait_for(file: &std::path::Path, n: usize) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let got = received(file);
        if got.len() >= n || start.elapsed() > Duration::from_secs(40) {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[test]
fn one_email_per_status_change_and_none_lost_while_the_server_is_down() {
    RT.block_on(async {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mail.jsonl");
        let s = serve_fresh(|c| {
            c.mail.host = Some("127.0.0.1".into());
            c.mail.port = port;
            c.mail.poll = Duration::from_millis(500);
        })
        .await;
        let an = Person::new(&s, "citizen-l2").await;
        let officer = Person::new(&s, "officer-commune").await;
        let (st, _) = an
            .send(
                "PUT",
                "/api/me/profile",
                Some(json!({ "email": "an.nguyen@example.vn", "phone": "", "preferred_lang": "vi", "notify_email": true })),
            )
            .await;
        assert!(st.is_success());

        // The mail server is down when the dossier is submitted.
        let procedure = online_procedure_of(&s, "Ủy ban nhân dân cấp xã").await;
        let code = an.submit(&procedure, "mail-0123456789abcdef").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        tokio::time::sleep(Duration::from_secs(2)).await;
        let pending: (i64, Option<i64>) = {
            use sqlx::Row;
            let r = sqlx::query("SELECT attempts, sent_at FROM mail_outbox")
                .fetch_one(&s.state.db.pool)
                .await
                .unwrap();
            (r.try_get("attempts").unwrap(), r.try_get("sent_at").unwrap())
        };
        assert!(pending.0 >= 1 && pending.1.is_none(), "tried, not sent: {pending:?}");

        // It comes back: the waiting email goes out, once.
        let _sink = Sink::start(port, &file);
        let got = wait_for(&file, 1).await;
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0]["to"], json!(["an.nguyen@example.vn"]));
        assert_eq!(got[0]["subject"], format!("Hồ sơ {code}: Đã nộp, chờ tiếp nhận"));
        let body = got[0]["body"].as_str().unwrap();
        assert!(body.contains("Ngày hẹn trả kết quả"), "{body}");
        assert!(body.contains("của bạn"), "addressed as the pages do: {body}");
        assert!(body.contains(&format!("/ca-nhan/ho-so/{code}")), "{body}");
        assert!(!body.contains("001085012345"), "no personal ID in mail");

        // The person switches to English; the next change comes in English.
        an.send(
            "PUT",
            "/api/me/profile",
            Some(json!({ "email": "an.nguyen@example.vn", "phone": "", "preferred_lang": "en", "notify_email": true })),
        )
        .await;
        let (st, _) = officer
            .send(
                "POST",
                &format!("/api/officer/dossiers/{code}/steps"),
                Some(json!({ "action": "accept" })),
            )
            .await;
        assert!(st.is_success());
        let (st, _) = officer
            .send(
                "POST",
                &format!("/api/officer/dossiers/{code}/steps"),
                Some(json!({ "action": "request_supplement", "items": ["Bản sao Giấy chứng sinh"] })),
            )
            .await;
        assert!(st.is_success());
        let got = wait_for(&file, 3).await;
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[1]["subject"], format!("Dossier {code}: Accepted, waiting to be processed"));
        assert_eq!(got[2]["subject"], format!("Dossier {code}: More documents needed"));
        let asked = got[2]["body"].as_str().unwrap();
        assert!(asked.contains("- Bản sao Giấy chứng sinh"), "{asked}");
        // It says how to answer.
        assert!(asked.contains("“Send the documents”"), "{asked}");
        // Nothing is sent twice.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(received(&file).len(), 3);
    })
}
