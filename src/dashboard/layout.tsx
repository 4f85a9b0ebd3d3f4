import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { localDateTime } from '../domain/time.js';
import { STYLE } from './style.js';

/** What every page shows in its frame: the org, the time the page was computed at, the section. */
export interface Frame {
  org: string;
  timezone: string;
  now: number;
  /** The nav entry to highlight. */
  active?: 'handoffs' | 'inbox' | 'report' | 'audit';
}

/** The page shell every dashboard page shares: one head, one stylesheet. */
function Document(props: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Baton`}</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function Layout(props: { frame: Frame; title: string; children?: Child }) {
  const { frame } = props;
  const nav = (key: Frame['active'], href: string, label: string) => (
    <a href={href} class={frame.active === key ? 'active' : ''}>
      {label}
    </a>
  );
  return (
    <Document title={props.title}>
      <header class="top">
        <div class="inner">
          <a class="brand" href="/">
            Baton
          </a>
          <nav>
            {nav('handoffs', '/', 'Handoffs')}
            {nav('inbox', '/inbox', 'Inbox')}
            {nav('report', '/report', 'Health')}
            {nav('audit', '/audit', 'Audit')}
          </nav>
          <div class="meta">
            {frame.org}
            <br />
            as of <time datetime={new Date(frame.now).toISOString()}>{localDateTime(frame.now, frame.timezone)}</time>
          </div>
        </div>
      </header>
      <main>{props.children}</main>
    </Document>
  );
}

/** A page for a refusal or a missing thing: what happened and what to do, in words. */
export function ErrorPage(props: { title: string; status: number; message: string; fix?: string; children?: Child }) {
  return (
    <Document title={props.title}>
      <main class="error-page">
        <section class="card">
          <p class="code">Baton · {props.status}</p>
          <h1>{props.title}</h1>
          <p>{props.message}</p>
          {props.fix ? (
            <p>
              <b>What to do:</b> {props.fix}
            </p>
          ) : null}
          {props.children}
        </section>
      </main>
    </Document>
  );
}
