/** Escapes text for HTML; every value placed in an email's HTML goes through it. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface EmailBody {
  /** The first line a reader sees. */
  heading: string;
  /** Plain paragraphs (escaped here). */
  paragraphs: string[];
  /** Already-safe HTML placed after the paragraphs (e.g. sanitized Markdown). */
  html?: { html: string; text: string };
  action?: { label: string; url: string };
  /** Small print: why they get this, and the links to change it. */
  footer: { text: string; links?: { label: string; url: string }[] };
  /** The language the email is written in (mail clients and screen readers use it); English if unsaid. */
  language?: string;
}

/** One sober layout for every email the hub sends: text and HTML say the same. */
export function renderEmail(body: EmailBody): { text: string; html: string } {
  const links = body.footer.links ?? [];
  const text = [
    body.heading,
    '',
    ...body.paragraphs.flatMap((p) => [p, '']),
    ...(body.html ? [body.html.text, ''] : []),
    ...(body.action ? [`${body.action.label}: ${body.action.url}`, ''] : []),
    '-- ',
    body.footer.text,
    ...links.map((l) => `${l.label}: ${l.url}`),
  ].join('\n');
  const html = `<!doctype html><html lang="${escapeHtml(body.language ?? 'en')}"><body style="margin:0;padding:24px;background:#f3f5f8;font-family:Arial,Helvetica,sans-serif;color:#1b1f24">
<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border-top:4px solid #0b4f9c">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(body.heading)}</h1>
${body.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5">${escapeHtml(p)}</p>`).join('\n')}
${body.html ? `<div style="font-size:15px;line-height:1.5">${body.html.html}</div>` : ''}
${body.action ? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="background:#0b4f9c;color:#ffffff;padding:12px 20px;text-decoration:none;border-radius:4px;display:inline-block">${escapeHtml(body.action.label)}</a></p>` : ''}
<hr style="border:none;border-top:1px solid #d5dbe1;margin:24px 0 12px">
<p style="font-size:12px;color:#4a5560">${escapeHtml(body.footer.text)}${links.map((l) => ` · <a href="${escapeHtml(l.url)}" style="color:#4a5560">${escapeHtml(l.label)}</a>`).join('')}</p>
</div></body></html>`;
  return { text, html };
}
