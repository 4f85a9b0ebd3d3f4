/**
 * User text inside a Slack message: escape the three characters Slack treats as markup so
 * that nobody can write `<!channel>` or a link, and break bare `@here`/`@channel`/
 * `@everyone` with a zero-width space so that no client setting can turn them into pings.
 */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(here|channel|everyone)\b/gi, '@\u200b$1');
}
