//! The pages every public service has (help and contact, privacy, accessibility, terms of use): Markdown files the operator edits, served as HTML in the person's language.
//!
//! Files are read on every request (they are small), so an operator's edit
//! shows at once, without a restart. Any HTML written in a file is shown as
//! text: the pages go into the portal's own document, and its content
//! security policy allows no inline script.

use crate::error::{ApiPath, ApiQuery, AppError};
use crate::state::AppState;
use app::pages::ServicePage;
use axum::extract::State;
use axum::Json;
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(page))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PageParams {
    /// `vi` (default) or `en`; a page without an English file is given in Vietnamese.
    #[serde(default)]
    lang: Option<String>,
}

/// `GET /api/pages/{page}?lang=`
#[utoipa::path(get, path = "/pages/{page}", tag = "pages",
    params(("page" = String, Path, description = "tro-giup, quyen-rieng-tu, tiep-can or dieu-khoan"), PageParams),
    responses((status = 200, body = ServicePage), crate::contract::Errors))]
async fn page(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> Result<Json<ServicePage>, AppError> {
    // Only the known pages: a name never becomes a path of its own.
    if !app::paths::SERVICE_PAGES.contains(&slug.as_str()) {
        return Err(AppError::NotFound);
    }
    let lang = match p.lang.as_deref() {
        None | Some("vi") => "vi",
        Some("en") => "en",
        Some(_) => {
            return Err(AppError::invalid(
                "lang",
                app::error::reasons::UNKNOWN_VALUE,
            ))
        }
    };
    let read = |lang: &'static str| {
        let file = state.pages_dir.join(format!("{slug}.{lang}.md"));
        async move {
            tokio::fs::read_to_string(file)
                .await
                .ok()
                .map(|t| (t, lang))
        }
    };
    let found = match read(lang).await {
        Some(f) => Some(f),
        None if lang == "en" => read("vi").await,
        None => None,
    };
    let (markdown, lang) = found.ok_or(AppError::NotFound)?;
    let (title, html) = render(&markdown);
    Ok(Json(ServicePage {
        title,
        html,
        lang: lang.to_owned(),
    }))
}

/// The first level-1 heading's text, and the rest of the page as HTML
/// (the page draws the title itself, as every page's focusable heading),
/// with the source's own HTML turned into text.
pub fn render(markdown: &str) -> (String, String) {
    let mut title = String::new();
    // 0: before the title, 1: inside it, 2: after it.
    let mut state = 0;
    let events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .map(|e| match e {
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            e => e,
        })
        .filter(|e| match (state, e) {
            (
                0,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }),
            ) => {
                state = 1;
                false
            }
            (1, Event::End(TagEnd::Heading(HeadingLevel::H1))) => {
                state = 2;
                false
            }
            (1, Event::Text(t) | Event::Code(t)) => {
                title.push_str(t);
                false
            }
            (1, _) => false,
            _ => true,
        })
        .collect();
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    (title, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_heading_and_html_in_the_source_is_text() {
        let (title, html) =
            render("# Trợ giúp\n\nGọi <b>1900</b>.\n\n<script>alert(1)</script>\n\n# Khác\n");
        assert_eq!(title, "Trợ giúp");
        assert!(
            !html.contains("Trợ giúp"),
            "the title is drawn by the page: {html}"
        );
        assert!(html.contains("<h1>Khác</h1>"));
        assert!(html.contains("&lt;b&gt;1900&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }
}
