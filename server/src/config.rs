//! Settings read once from environment variables, with defaults that run on one machine.

use app::lifecycle::SupplementClock;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Every variable is listed in `.env.sample` with its default.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PORTAL_ADDR`: where to listen.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://...` (default, embedded) or `postgres://...`.
    pub database_url: String,
    /// `STATIC_DIR`: the built web app (Trunk's `dist`).
    pub static_dir: PathBuf,
    /// `DATA_DIR`: the shipped catalogue and reference data.
    pub data_dir: PathBuf,
    /// `SYNONYMS_FILE`: colloquial terms for search; defaults to `DATA_DIR/synonyms.tsv`.
    pub synonyms_file: PathBuf,
    /// `PAGES_DIR`: the operator's Markdown for help, privacy, accessibility
    /// and terms (`{page}.vi.md`, `{page}.en.md`); defaults to `DATA_DIR/pages`.
    pub pages_dir: PathBuf,
    /// `LOG_FORMAT`: `json` for machines, `pretty` for people.
    pub log_json: bool,
    /// `CATALOGUE_REFRESH_SECS`: how often to look for catalogue changes.
    pub catalogue_refresh: std::time::Duration,
    /// `STATISTICS_DELAY_SECS`: how often the public statistics catch up
    /// with the dossiers (60): the most their figures lag behind.
    pub statistics_delay: i64,
    /// `DEMO_HISTORY`: `off` keeps a fresh demo database without the two
    /// years of generated dossiers its statistics show (on by default when
    /// the built-in SSO stand-in is on).
    pub demo_history: bool,
    /// `PUBLIC_URL`: the address people use to reach the portal (no trailing slash).
    pub public_url: String,
    /// `OIDC_ISSUER`: the national SSO (or any OpenID provider). Unset: the
    /// built-in stand-in at `PUBLIC_URL/sso` with demo accounts.
    pub oidc_issuer: Option<String>,
    /// `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`: the portal's registration at the provider.
    pub oidc_client_id: String,
    pub oidc_client_secret: Option<String>,
    /// `OIDC_SCOPES`
    pub oidc_scopes: String,
    /// `OIDC_CLAIM_PERSONAL_ID`, `OIDC_CLAIM_NAME`, `OIDC_CLAIM_BIRTH_DATE`,
    /// `OIDC_CLAIM_ACCOUNT_TYPE`, `OIDC_CLAIM_LOA`, `OIDC_CLAIM_TAX_CODE`.
    pub claim_names: crate::identity::ClaimNames,
    /// `SESSION_IDLE_MINUTES` (30, fractions allowed) and `SESSION_MAX_HOURS` (12).
    pub session_idle_secs: i64,
    pub session_max_secs: i64,
    /// `LOGIN_RATE_PER_MINUTE`: logins and callbacks allowed per client address.
    pub login_rate_per_minute: u32,
    /// `DOSSIER_CODE_PREFIX`: the receiving agency's code that begins every
    /// dossier code (`000.00.01.H29-260310-0420`).
    pub dossier_code_prefix: String,
    /// The province whose units the portal serves (`PROVINCE_CODE`, a 2025
    /// province code; the demo's is 01, Hà Nội).
    pub province_code: String,
    /// `RECEIPT_CUTOFF` (15:00): dossiers received later count from the next working day.
    pub receipt_cutoff: (u8, u8),
    /// `DRAFT_DAYS` (30): how long a draft is kept after its last change.
    pub draft_days: i64,
    /// `REQUIRE_PHONE` (false): the applicant's phone number, optional in
    /// every official declaration, becomes required in every e-form.
    pub require_phone: bool,
    /// `UPLOAD_DIR` (var/uploads): where uploaded files are kept, by content.
    pub upload_dir: PathBuf,
    /// `UPLOAD_MAX_MB` (10): the largest file a person may upload.
    pub upload_max_bytes: usize,
    /// `SUPPLEMENT_CLOCK`, `FEEDBACK_INFO_CLOCK`, `SHOW_OFFICER_NAMES`, `RATING_EDIT_DAYS`, `LOOKUP_RATE_PER_MINUTE`.
    pub processing: ProcessingSettings,
    /// `SMTP_HOST`, `SMTP_PORT`, `SMTP_USER`, `SMTP_PASSWORD`, `SMTP_TLS`, `MAIL_FROM`, `MAIL_POLL_SECS`.
    pub mail: crate::notifications::MailSettings,
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        Some(s) => s
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={s:?} is not a number: {e}")),
        None => Ok(default),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the environment. Fails with a message naming the variable.
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = match var("PORTAL_ADDR") {
            Some(a) => a
                .parse()
                .map_err(|e| anyhow::anyhow!("PORTAL_ADDR={a:?} is not host:port: {e}"))?,
            None => {
                let port: u16 = match var("PORT") {
                    Some(p) => p
                        .parse()
                        .map_err(|e| anyhow::anyhow!("PORT={p:?} is not a port number: {e}"))?,
                    None => 3000,
                };
                SocketAddr::from(([127, 0, 0, 1], port))
            }
        };
        let data_dir = PathBuf::from(var("DATA_DIR").unwrap_or_else(|| "data".into()));
        Ok(Config {
            addr,
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://var/portal.db?mode=rwc".into()),
            static_dir: PathBuf::from(var("STATIC_DIR").unwrap_or_else(|| "dist".into())),
            synonyms_file: var("SYNONYMS_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("synonyms.tsv")),
            pages_dir: var("PAGES_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| data_dir.join("pages")),
            data_dir,
            log_json: var("LOG_FORMAT").is_some_and(|f| f == "json"),
            catalogue_refresh: std::time::Duration::from_secs(number(
                "CATALOGUE_REFRESH_SECS",
                30,
            )?),
            statistics_delay: number("STATISTICS_DELAY_SECS", 60)?,
            demo_history: var("DEMO_HISTORY").is_none_or(|v| v != "off"),
            public_url: var("PUBLIC_URL")
                .unwrap_or_else(|| format!("http://{addr}"))
                .trim_end_matches('/')
                .to_owned(),
            oidc_issuer: var("OIDC_ISSUER").map(|s| s.trim_end_matches('/').to_owned()),
            oidc_client_id: var("OIDC_CLIENT_ID").unwrap_or_else(|| "dvc-portal".into()),
            oidc_client_secret: var("OIDC_CLIENT_SECRET"),
            oidc_scopes: var("OIDC_SCOPES").unwrap_or_else(|| "openid".into()),
            claim_names: {
                let d = crate::identity::ClaimNames::default();
                crate::identity::ClaimNames {
                    personal_id: var("OIDC_CLAIM_PERSONAL_ID").unwrap_or(d.personal_id),
                    full_name: var("OIDC_CLAIM_NAME").unwrap_or(d.full_name),
                    birth_date: var("OIDC_CLAIM_BIRTH_DATE").unwrap_or(d.birth_date),
                    account_type: var("OIDC_CLAIM_ACCOUNT_TYPE").unwrap_or(d.account_type),
                    loa: var("OIDC_CLAIM_LOA").unwrap_or(d.loa),
                    tax_code: var("OIDC_CLAIM_TAX_CODE").unwrap_or(d.tax_code),
                }
            },
            // Fractions allowed (0.5 = 30 s) so the expiry warning can be
            // seen and tested without waiting half an hour.
            session_idle_secs: {
                let m = number::<f64>("SESSION_IDLE_MINUTES", 30.0)?;
                anyhow::ensure!(
                    m.is_finite() && m >= 0.1,
                    "SESSION_IDLE_MINUTES must be at least 0.1"
                );
                (m * 60.0).round() as i64
            },
            session_max_secs: number::<i64>("SESSION_MAX_HOURS", 12)? * 3600,
            login_rate_per_minute: number("LOGIN_RATE_PER_MINUTE", 20)?,
            // In capitals, so a code typed in small letters is found.
            dossier_code_prefix: var("DOSSIER_CODE_PREFIX")
                .unwrap_or_else(|| "000.00.01.H29".into())
                .to_uppercase(),
            province_code: var("PROVINCE_CODE").unwrap_or_else(|| "01".into()),
            receipt_cutoff: {
                let s = var("RECEIPT_CUTOFF").unwrap_or_else(|| "15:00".into());
                let parsed = s
                    .split_once(':')
                    .and_then(|(h, m)| Some((h.parse::<u8>().ok()?, m.parse::<u8>().ok()?)))
                    .filter(|(h, m)| *h < 24 && *m < 60);
                parsed.ok_or_else(|| {
                    anyhow::anyhow!("RECEIPT_CUTOFF={s:?} is not a time like 15:00")
                })?
            },
            draft_days: number("DRAFT_DAYS", 30)?,
            require_phone: match var("REQUIRE_PHONE").as_deref() {
                None | Some("false") | Some("0") => false,
                Some("true") | Some("1") => true,
                Some(s) => anyhow::bail!("REQUIRE_PHONE={s:?} must be true or false"),
            },
            upload_dir: PathBuf::from(var("UPLOAD_DIR").unwrap_or_else(|| "var/uploads".into())),
            upload_max_bytes: number::<usize>("UPLOAD_MAX_MB", 10)? * 1024 * 1024,
            processing: {
                let d = ProcessingSettings::default();
                ProcessingSettings {
                    clock: match var("SUPPLEMENT_CLOCK") {
                        Some(s) => app::lifecycle::SupplementClock::parse(&s).ok_or_else(|| {
                            anyhow::anyhow!(
                                "SUPPLEMENT_CLOCK={s:?} must be pause, continue or restart"
                            )
                        })?,
                        None => d.clock,
                    },
                    show_officer_names: match var("SHOW_OFFICER_NAMES").as_deref() {
                        None | Some("true") | Some("1") => true,
                        Some("false") | Some("0") => false,
                        Some(s) => anyhow::bail!("SHOW_OFFICER_NAMES={s:?} must be true or false"),
                    },
                    rating_days: number("RATING_EDIT_DAYS", d.rating_days)?,
                    feedback_days: (
                        number("FEEDBACK_DAYS_REPORT", d.feedback_days.0)?,
                        number("FEEDBACK_DAYS_PROPOSAL", d.feedback_days.1)?,
                    ),
                    feedback_per_day: number("FEEDBACK_PER_DAY", d.feedback_per_day)?,
                    feedback_info_clock: match var("FEEDBACK_INFO_CLOCK") {
                        Some(s) => SupplementClock::parse(&s).ok_or_else(|| {
                            anyhow::anyhow!(
                                "FEEDBACK_INFO_CLOCK={s:?} must be pause, continue or restart"
                            )
                        })?,
                        None => d.feedback_info_clock,
                    },
                    lookup_rate_per_minute: number(
                        "LOOKUP_RATE_PER_MINUTE",
                        d.lookup_rate_per_minute,
                    )?,
                }
            },
            mail: {
                let d = crate::notifications::MailSettings::default();
                crate::notifications::MailSettings {
                    host: var("SMTP_HOST"),
                    port: number("SMTP_PORT", d.port)?,
                    user: var("SMTP_USER"),
                    password: var("SMTP_PASSWORD"),
                    tls: match var("SMTP_TLS").as_deref() {
                        None | Some("none") => crate::notifications::Tls::None,
                        Some("starttls") => crate::notifications::Tls::StartTls,
                        Some("tls") => crate::notifications::Tls::Tls,
                        Some(s) => anyhow::bail!("SMTP_TLS={s:?} must be none, starttls or tls"),
                    },
                    from: var("MAIL_FROM").unwrap_or(d.from),
                    poll: std::time::Duration::from_secs(number("MAIL_POLL_SECS", 5)?),
                }
            },
        })
    }
}

/// Operator settings for dossiers.
#[derive(Debug, Clone)]
pub struct DossierSettings {
    /// The receiving agency's code that begins every dossier code.
    pub code_prefix: String,
    /// Dossiers received after this local time count from the next working day.
    pub cutoff: (u8, u8),
    /// Days a draft is kept after its last change.
    pub draft_days: i64,
    /// The applicant's phone is required in every e-form (`REQUIRE_PHONE`).
    pub require_phone: bool,
}

impl Default for DossierSettings {
    fn default() -> Self {
        DossierSettings {
            code_prefix: "000.00.01.H29".into(),
            cutoff: (15, 0),
            draft_days: 30,
            require_phone: false,
        }
    }
}

/// Operator choices about processing.
#[derive(Debug, Clone)]
pub struct ProcessingSettings {
    /// `SUPPLEMENT_CLOCK` (pause): how the deadline runs while the applicant
    /// holds a supplement request.
    pub clock: SupplementClock,
    /// `SHOW_OFFICER_NAMES` (true): the applicant's timeline names the
    /// officer, or only their role.
    pub show_officer_names: bool,
    /// `RATING_EDIT_DAYS` (7): how long a rating may be changed.
    pub rating_days: i64,
    /// `LOOKUP_RATE_PER_MINUTE` (10): public lookups per client address.
    pub lookup_rate_per_minute: u32,
    /// `FEEDBACK_DAYS_REPORT` (10) and `FEEDBACK_DAYS_PROPOSAL` (20): working
    /// days to answer a report and a proposal.
    pub feedback_days: (u32, u32),
    /// `FEEDBACK_PER_DAY` (10): feedback one person may send in 24 hours.
    pub feedback_per_day: u32,
    /// `FEEDBACK_INFO_CLOCK` (pause): how the answer's due day runs while
    /// the sender is asked for more information, as `SUPPLEMENT_CLOCK` for
    /// dossiers.
    pub feedback_info_clock: SupplementClock,
}

impl Default for ProcessingSettings {
    fn default() -> Self {
        ProcessingSettings {
            clock: SupplementClock::Pause,
            show_officer_names: true,
            rating_days: 7,
            lookup_rate_per_minute: 10,
            feedback_days: (10, 20),
            feedback_per_day: 10,
            feedback_info_clock: SupplementClock::Pause,
        }
    }
}
