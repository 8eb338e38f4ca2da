//! Telling people their dossier moved: in-app notifications, and email through an outbox worked by a background task over SMTP.

use crate::clock::system_secs as now_secs;
use crate::error::AppError;
use crate::identity::session::CurrentUser;
use crate::state::AppState;
use app::dossiers::{Notification, Status};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;
use std::time::Duration;
use utoipa_axum::{router::OpenApiRouter, routes};

/// How mail leaves the portal.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `SMTP_HOST`: unset, mail waits in the outbox until one is configured.
    pub host: Option<String>,
    /// `SMTP_PORT` (25, or 465/587 with TLS).
    pub port: u16,
    /// `SMTP_USER`, `SMTP_PASSWORD`
    pub user: Option<String>,
    pub password: Option<String>,
    /// `SMTP_TLS`: `none`, `starttls` or `tls`.
    pub tls: Tls,
    /// `MAIL_FROM`
    pub from: String,
    /// `MAIL_POLL_SECS` (5): how often the outbox is looked at.
    pub poll: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    None,
    StartTls,
    Tls,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            host: None,
            port: 25,
            user: None,
            password: None,
            tls: Tls::None,
            from: "Cổng dịch vụ công <no-reply@dichvucong.localhost>".into(),
            poll: Duration::from_secs(5),
        }
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_read))
}

/// A step to tell the applicant about.
pub struct Change<'a> {
    pub user_id: i64,
    pub code: &'a str,
    pub procedure_name: &'a str,
    pub status: Status,
    pub action: &'a str,
    pub note: &'a str,
    pub items: &'a [String],
    pub due_date: &'a str,
    /// For a transfer: the unit the dossier went to.
    pub moved_to: &'a str,
}

/// Records the notification, and the email when the person asked for
/// them, inside the transaction that makes the change: both happen or
/// neither does.
pub async fn notify(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    c: Change<'_>,
) -> anyhow::Result<()> {
    let now = now_secs();
    sqlx::query("INSERT INTO notifications (user_id, dossier_code, status, action, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(c.user_id)
        .bind(c.code)
        .bind(c.status.code())
        .bind(c.action)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    mail(conn, c.user_id, |en| compose(&c, en, &state.public_url)).await
}

/// A feedback's step to tell its sender about.
pub struct FeedbackChange<'a> {
    pub user_id: i64,
    pub code: &'a str,
    pub title: &'a str,
    pub state: app::feedback::State,
    /// The step taken, or `publish`.
    pub action: &'a str,
    /// The answer, the question asked, or the reason.
    pub note: &'a str,
    /// The unit it is at now.
    pub unit: &'a str,
}

/// Records the notification of a feedback's step, and the email when the
/// person asked for them, inside the transaction that takes the step.
pub async fn notify_feedback(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    c: FeedbackChange<'_>,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO notifications (user_id, dossier_code, status, action, created_at, topic) VALUES ($1, $2, $3, $4, $5, 'feedback')")
        .bind(c.user_id)
        .bind(c.code)
        .bind(c.state.code())
        .bind(c.action)
        .bind(now_secs())
        .execute(&mut *conn)
        .await?;
    mail(conn, c.user_id, |en| {
        compose_feedback(&c, en, &state.public_url)
    })
    .await
}

/// Queues the email `compose` writes in the person's language, when they
/// asked for email and gave an address.
async fn mail(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    compose: impl FnOnce(bool) -> (String, String),
) -> anyhow::Result<()> {
    let now = now_secs();
    let Some(u) =
        sqlx::query("SELECT email, preferred_lang, notify_email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(());
    };
    let email: String = u.try_get("email")?;
    if u.try_get::<i64, _>("notify_email")? == 0 || email.is_empty() {
        return Ok(());
    }
    let (subject, body) = compose(u.try_get::<String, _>("preferred_lang")? == "en");
    sqlx::query("INSERT INTO mail_outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(email)
        .bind(subject)
        .bind(body)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The email, in the person's language: what moved, what to do, where to
/// look. It speaks to the person as the pages do ("bạn"), promises a date
/// only while one stands, and names a refusal's reason as the reason.
fn compose(c: &Change<'_>, en: bool, public_url: &str) -> (String, String) {
    let status = c.status.name(en);
    let link = format!("{public_url}/ca-nhan/ho-so/{}", c.code);
    let mut body = match (c.moved_to.is_empty(), en) {
        (false, true) => format!(
            "Your dossier {} ({}) has been passed to {} to be processed further. Its status is: {status}.\n",
            c.code, c.procedure_name, c.moved_to
        ),
        (false, false) => format!(
            "Hồ sơ {} ({}) của bạn đã được chuyển đến {} để giải quyết tiếp. Trạng thái: {status}.\n",
            c.code, c.procedure_name, c.moved_to
        ),
        (true, true) => format!(
            "Your dossier {} ({}) is now: {status}.\n",
            c.code, c.procedure_name
        ),
        (true, false) => format!(
            "Hồ sơ {} ({}) của bạn đã chuyển sang trạng thái: {status}.\n",
            c.code, c.procedure_name
        ),
    };
    if c.status.awaits_result() {
        let day = app::calendar::vn_day(c.due_date);
        body.push_str(&if en {
            format!("\nResult due: {day}\n")
        } else {
            format!("\nNgày hẹn trả kết quả: {day}\n")
        });
    }
    if !c.items.is_empty() {
        body.push_str(if en {
            "\nPlease supplement:\n"
        } else {
            "\nĐề nghị bổ sung:\n"
        });
        for i in c.items {
            body.push_str(&format!("- {i}\n"));
        }
        // How to answer: where, with what, and that it is once.
        body.push_str(if en {
            "\nTo answer, open the dossier at the link below, choose the documents from your Document store or upload them, and press “Send the documents”. Send everything listed at once.\n"
        } else {
            "\nĐể bổ sung, bạn mở hồ sơ theo đường dẫn dưới đây, chọn giấy tờ từ Kho giấy tờ hoặc tải lên, rồi bấm “Gửi bổ sung”. Hãy gửi một lần đủ các giấy tờ nêu trên.\n"
        });
    }
    if !c.note.is_empty() && c.action != "answer_supplement" {
        // A refusal or a stop is explained by its reason; anything else is a note.
        let reason = matches!(c.status, Status::Refused | Status::Stopped);
        body.push_str(&format!(
            "\n{}: {}\n",
            match (reason, en) {
                (true, true) => "Reason",
                (true, false) => "Lý do",
                (false, true) => "Note",
                (false, false) => "Ghi chú",
            },
            c.note
        ));
    }
    body.push_str(&if en {
        format!("\nSee the details and every step: {link}\n\nThis message was sent by the public service portal. Please do not reply.\n")
    } else {
        format!("\nXem chi tiết và toàn bộ quá trình xử lý: {link}\n\nThư này do Cổng dịch vụ công gửi tự động, vui lòng không trả lời.\n")
    });
    let subject = if en {
        format!("Dossier {}: {status}", c.code)
    } else {
        format!("Hồ sơ {}: {status}", c.code)
    };
    (subject, body)
}

/// The email of a feedback's step: what happened, the answer or the
/// question in full, what the sender can do next, and where to look.
fn compose_feedback(c: &FeedbackChange<'_>, en: bool, public_url: &str) -> (String, String) {
    let link = format!("{public_url}/ca-nhan/phan-anh#{}", c.code);
    let what = match (c.action, en) {
        ("accept", false) => format!("đã được {} tiếp nhận để xử lý.", c.unit),
        ("accept", true) => format!("has been taken up by {}.", c.unit),
        ("refuse", false) => "không được tiếp nhận.".to_owned(),
        ("refuse", true) => "was not taken up.".to_owned(),
        ("request_info", false) => "cần bạn bổ sung thông tin. Bạn trả lời một lần, ngay trên trang phản ánh của bạn.".to_owned(),
        ("request_info", true) => "needs more information from you. Answer once, on your feedback's page.".to_owned(),
        ("start", false) => format!("đang được {} xử lý.", c.unit),
        ("start", true) => format!("is being handled by {}.", c.unit),
        ("reroute", false) => format!("đã được chuyển đến {}, đơn vị có thẩm quyền, để trả lời.", c.unit),
        ("reroute", true) => format!("has been passed to {}, the unit responsible, to be answered.", c.unit),
        ("answer" | "approve", false) => format!("đã được {} trả lời. Bạn có thể đánh giá câu trả lời; nếu chưa được giải quyết, bạn có thể phản ánh lại một lần trong 7 ngày.", c.unit),
        ("answer" | "approve", true) => format!("has been answered by {}. You can rate the answer; if it did not resolve the matter, you can say so once within 7 days.", c.unit),
        ("publish", false) => "đã được công khai cùng câu trả lời, sau khi che thông tin cá nhân.".to_owned(),
        ("publish", true) => "has been published with its answer, with personal details masked.".to_owned(),
        (_, false) => format!("đã chuyển sang trạng thái: {}.", feedback_state_name(c.state, false)),
        (_, true) => format!("is now: {}.", feedback_state_name(c.state, true)),
    };
    let mut body = if en {
        format!("Your feedback {} (“{}”) {what}\n", c.code, c.title)
    } else {
        format!(
            "Phản ánh, kiến nghị {} (“{}”) của bạn {what}\n",
            c.code, c.title
        )
    };
    if !c.note.is_empty() && c.action != "publish" {
        let label = match (c.action, en) {
            ("answer" | "approve", false) => "Nội dung trả lời",
            ("answer" | "approve", true) => "The answer",
            ("refuse" | "reroute", false) => "Lý do",
            ("refuse" | "reroute", true) => "Reason",
            ("request_info", false) => "Thông tin cần bổ sung",
            ("request_info", true) => "What is needed",
            (_, false) => "Ghi chú",
            (_, true) => "Note",
        };
        body.push_str(&format!("\n{label}:\n{}\n", c.note));
    }
    body.push_str(&if en {
        format!("\nSee it and every step: {link}\n\nThis message was sent by the public service portal. Please do not reply.\n")
    } else {
        format!("\nXem chi tiết và toàn bộ quá trình xử lý: {link}\n\nThư này do Cổng dịch vụ công gửi tự động, vui lòng không trả lời.\n")
    });
    // Publication leaves the state as it was: the subject says what
    // happened instead, so it does not read as a second answer.
    let what = match (c.action, en) {
        ("publish", false) => "Đã công khai câu hỏi và câu trả lời",
        ("publish", true) => "Published with its answer",
        (_, en) => feedback_state_name(c.state, en),
    };
    let subject = if en {
        format!("Feedback {}: {what}", c.code)
    } else {
        format!("Phản ánh {}: {what}", c.code)
    };
    (subject, body)
}

/// A feedback state in words, as the sender sees it.
fn feedback_state_name(s: app::feedback::State, en: bool) -> &'static str {
    use app::feedback::State::*;
    match (s, en) {
        (Received, false) => "Đã tiếp nhận",
        (Received, true) => "Received",
        (Accepted, false) => "Đã nhận xử lý",
        (Accepted, true) => "Taken up",
        (Refused, false) => "Không tiếp nhận",
        (Refused, true) => "Not taken up",
        (InfoRequested, false) => "Cần bổ sung thông tin",
        (InfoRequested, true) => "More information needed",
        (InProgress | AwaitingApproval, false) => "Đang xử lý",
        (InProgress | AwaitingApproval, true) => "Being handled",
        (Answered, false) => "Đã trả lời",
        (Answered, true) => "Answered",
        (Closed, false) => "Đã đóng",
        (Closed, true) => "Closed",
    }
}

/// `GET /api/me/notifications`: newest first.
#[utoipa::path(get, path = "/me/notifications", tag = "notifications", security(("session" = [])),
    responses((status = 200, body = Vec<Notification>), crate::contract::Errors))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Notification>>, AppError> {
    let rows = sqlx::query("SELECT n.id, n.dossier_code, n.status, n.action, n.created_at, n.read_at, n.topic, COALESCE(d.procedure_name, f.title) AS procedure_name FROM notifications n LEFT JOIN dossiers d ON d.code = n.dossier_code AND n.topic = 'dossier' LEFT JOIN feedback f ON f.code = n.dossier_code AND n.topic = 'feedback' WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT 100")
        .bind(user.user_id)
        .fetch_all(&state.db.pool)
        .await?;
    let out = rows
        .iter()
        .map(|r| -> anyhow::Result<Notification> {
            let feedback = r.try_get::<String, _>("topic")? == "feedback";
            Ok(Notification {
                id: r.try_get("id")?,
                dossier: r.try_get("dossier_code")?,
                procedure_name: r
                    .try_get::<Option<String>, _>("procedure_name")?
                    .unwrap_or_default(),
                status: if feedback {
                    None
                } else {
                    Some(crate::dossiers::record::stored_status(
                        r.try_get("status")?,
                    )?)
                },
                feedback: if feedback {
                    Some(
                        app::feedback::State::from_code(r.try_get("status")?).ok_or_else(|| {
                            anyhow::anyhow!("unknown feedback state in the database")
                        })?,
                    )
                } else {
                    None
                },
                action: r.try_get("action")?,
                at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(out))
}

/// `POST /api/me/notifications/read`: all read (the list has been seen).
#[utoipa::path(post, path = "/me/notifications/read", tag = "notifications", security(("session" = [], "csrf" = [])),
    responses((status = 204, description = "All marked read"), crate::contract::Errors))]
async fn mark_read(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, AppError> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now_secs())
        .bind(user.user_id)
        .execute(&state.db.pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The number on the header's badge.
pub async fn unread(pool: &sqlx::AnyPool, user_id: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query(
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?
    .try_get("n")?)
}

fn transport(m: &MailSettings) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let host = m.host.as_deref().unwrap_or("localhost");
    let builder = match m.tls {
        Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
        Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
    };
    let builder = builder.port(m.port).timeout(Some(Duration::from_secs(20)));
    Ok(match (&m.user, &m.password) {
        (Some(u), Some(p)) => builder
            .credentials(Credentials::new(u.clone(), p.clone()))
            .build(),
        _ => builder.build(),
    })
}

/// Sends what is due in the outbox. Each message is claimed first (its next
/// attempt pushed forward), so two servers never send the same one; a
/// failure is retried later with a growing pause, so nothing is lost while
/// the mail server is down. Returns how many were sent.
pub async fn work_outbox(pool: &sqlx::AnyPool, m: &MailSettings) -> anyhow::Result<usize> {
    let mailer = transport(m)?;
    let from: Mailbox = m.from.parse()?;
    let mut sent = 0;
    loop {
        let now = now_secs();
        let Some(row) = sqlx::query("SELECT id, to_addr, subject, body, attempts, next_attempt_at FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT 1")
            .bind(now)
            .fetch_optional(pool)
            .await?
        else {
            return Ok(sent);
        };
        let id: i64 = row.try_get("id")?;
        let attempts: i64 = row.try_get("attempts")?;
        let claimed = sqlx::query("UPDATE mail_outbox SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL")
            .bind(now + 300)
            .bind(id)
            .bind(row.try_get::<i64, _>("next_attempt_at")?)
            .execute(pool)
            .await?;
        if claimed.rows_affected() == 0 {
            continue; // another worker has it
        }
        let message = Message::builder()
            .from(from.clone())
            .to(row.try_get::<String, _>("to_addr")?.parse()?)
            .subject(row.try_get::<String, _>("subject")?)
            .header(ContentType::TEXT_PLAIN)
            .body(row.try_get::<String, _>("body")?)?;
        match mailer.send(message).await {
            Ok(_) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = '' WHERE id = $2")
                    .bind(now_secs())
                    .bind(id)
                    .execute(pool)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // 5 s, 10 s, 20 s … up to 10 minutes between attempts; an
                // address the server refuses for good is not tried again.
                let pause = if e.is_permanent() || attempts >= 50 {
                    i64::from(i32::MAX)
                } else {
                    (5_i64 << attempts.min(7)).min(600)
                };
                sqlx::query(
                    "UPDATE mail_outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3",
                )
                .bind(now_secs() + pause)
                .bind(e.to_string().chars().take(300).collect::<String>())
                .bind(id)
                .execute(pool)
                .await?;
                // The server's words may quote the address: kept in the outbox, not logged.
                tracing::warn!(
                    outbox_id = id,
                    attempts = attempts + 1,
                    permanent = e.is_permanent(),
                    timeout = e.is_timeout(),
                    "mail not sent"
                );
                return Ok(sent);
            }
        }
    }
}

/// Works the outbox in the background for as long as the server runs.
pub fn spawn_mailer(state: AppState, m: MailSettings) {
    if m.host.is_none() {
        tracing::info!("SMTP_HOST not set: notification emails wait in the outbox");
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(m.poll);
        loop {
            tick.tick().await;
            match work_outbox(&state.db.pool, &m).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "notification emails sent"),
                Err(e) => tracing::warn!(error = %e, "mail outbox not worked"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change<'a>(status: Status, action: &'a str, note: &'a str) -> Change<'a> {
        Change {
            user_id: 1,
            code: "000.00.01.H29-261204-0001",
            procedure_name: "Thủ tục đăng ký khai sinh",
            status,
            action,
            note,
            items: &[],
            due_date: "2026-12-10",
            moved_to: "",
        }
    }

    #[test]
    fn a_closed_dossier_promises_no_date_and_a_refusal_gives_its_reason() {
        let (subject, body) = compose(
            &change(Status::Refused, "refuse", "Thiếu giấy chứng sinh"),
            false,
            "https://dvc.example",
        );
        assert!(subject.ends_with("Không được tiếp nhận"), "{subject}");
        assert!(body.contains("Lý do: Thiếu giấy chứng sinh"), "{body}");
        assert!(!body.contains("Ngày hẹn"), "{body}");
        assert!(!body.contains("Ông/Bà"), "{body}");
        let (_, body) = compose(&change(Status::Withdrawn, "withdraw", ""), true, "");
        assert!(!body.contains("due"), "{body}");
        // While the dossier is open, the date stands, and a note is a note.
        let (_, body) = compose(
            &change(Status::Accepted, "accept", "Đã kiểm tra"),
            false,
            "",
        );
        assert!(body.contains("Ngày hẹn trả kết quả: 10/12/2026"), "{body}");
        assert!(body.contains("Ghi chú: Đã kiểm tra"), "{body}");
    }

    #[test]
    fn a_supplement_request_says_how_to_answer() {
        let items = ["Bản sao Giấy chứng sinh".to_owned()];
        let c = Change {
            items: &items,
            ..change(Status::SupplementRequested, "request_supplement", "")
        };
        let (_, body) = compose(&c, false, "https://dvc.example");
        assert!(body.contains("- Bản sao Giấy chứng sinh"), "{body}");
        assert!(body.contains("bấm “Gửi bổ sung”"), "{body}");
        assert!(body.contains("https://dvc.example/ca-nhan/ho-so/000.00.01.H29-261204-0001"));
    }
}
