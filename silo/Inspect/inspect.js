// Nguon inspectors' pages. The API key lives only in this tab's sessionStorage (never a cookie, never a URL), and
// goes to this silo only, in the Authorization header of the requests below. The server renders every fragment for
// the key's organisation; this script only fetches and places them, downloads documents and calls the recall API.
'use strict';
(() => {
  const KEY = 'nguon-key';
  const content = document.getElementById('content');
  const signin = document.getElementById('signin');
  const keyInput = document.getElementById('key');
  const status = document.getElementById('status');
  const key = () => sessionStorage.getItem(KEY);

  function say(text, kind) {
    status.textContent = text || '';
    status.dataset.kind = kind || '';
  }

  function signedIn(yes) {
    document.body.dataset.signedIn = yes ? 'true' : 'false';
    signin.hidden = yes;
  }

  function showSignin(message) {
    signedIn(false);
    content.replaceChildren();
    say(message, message ? 'error' : '');
    keyInput.focus();
  }

  // The key in a header, no cookie (credentials: 'omit'), nothing cached.
  function send(url, init) {
    const headers = new Headers((init && init.headers) || {});
    headers.set('Authorization', 'Bearer ' + key());
    return fetch(url, Object.assign({}, init, { headers, cache: 'no-store', credentials: 'omit' }));
  }

  async function problem(response) {
    try {
      const p = await response.json();
      return response.status + ' ' + (p.title || response.statusText) + (p.detail ? ': ' + p.detail : '');
    } catch {
      return response.status + ' ' + response.statusText;
    }
  }

  // The page's fragment is its URL under /api: /inspect/batches/X → /api/inspect/batches/X (and back, after a 303).
  async function load() {
    if (!key()) return showSignin('');
    signedIn(true);
    content.setAttribute('aria-busy', 'true');
    let response;
    try {
      response = await send('/api' + location.pathname + location.search, { headers: { Accept: 'text/html' } });
    } catch (e) {
      content.removeAttribute('aria-busy');
      return say('The silo did not answer: ' + e.message, 'error');
    }
    content.removeAttribute('aria-busy');
    if (response.status === 401) {
      sessionStorage.removeItem(KEY);
      return showSignin(await problem(response));
    }
    if (response.redirected) {
      const to = new URL(response.url);
      history.replaceState(null, '', to.pathname.replace(/^\/api/, '') + to.search);
    }
    if ((response.headers.get('content-type') || '').startsWith('text/html')) {
      content.innerHTML = await response.text();
    } else {
      const refusal = document.createElement('section');
      refusal.className = 'refusal';
      refusal.dataset.status = String(response.status);
      refusal.textContent = await problem(response);
      content.replaceChildren(refusal);
    }
    const titled = content.querySelector('[data-title]');
    document.title = 'Nguon · ' + (titled ? titled.dataset.title : 'inspection');
    document.body.dataset.loaded = location.pathname;
  }

  // Documents download through the API with the key, then are saved from memory under their own name.
  async function download(link) {
    const response = await send(link.getAttribute('href'));
    if (!response.ok) return say(await problem(response), 'error');
    const url = URL.createObjectURL(await response.blob());
    const save = document.createElement('a');
    save.href = url;
    save.download = link.dataset.download;
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // An idempotency key, so a retried recall is applied once (getRandomValues works outside secure contexts too).
  function operationId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  }

  async function recall(form, button) {
    const batch = form.dataset.batch;
    const reason = form.elements.reason.value.trim();
    button.disabled = true;
    say('Recalling ' + batch + '…', '');
    const response = await send('/api/batches/' + encodeURIComponent(batch) + '/recall', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': operationId() },
      body: JSON.stringify({ reason }),
    });
    if (!response.ok) {
      button.disabled = false;
      return say('Recall refused: ' + await problem(response), 'error');
    }
    const event = await response.json();
    await load();
    say('Recalled ' + batch + ': event #' + event.sequence + ' recorded ' + event.recordTime + ', reason “' + reason + '”.', 'ok');
  }

  signin.addEventListener('submit', e => {
    e.preventDefault();
    const value = keyInput.value.trim();
    keyInput.value = '';
    if (!value) return;
    sessionStorage.setItem(KEY, value);
    say('', '');
    load();
  });

  document.getElementById('signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    showSignin('');
    say('Signed out: this tab forgot the key.', 'ok');
  });

  // A search form navigates to its page with only the fields filled in, so the URL carries just the filters (and
  // never the key, which is in no form field). Without this the browser would send the empty fields too.
  function search(form) {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim()) query.append(name, value.trim());
    }
    const text = query.toString();
    location.assign(form.getAttribute('action') + (text ? '?' + text : ''));
  }

  content.addEventListener('submit', e => {
    if (e.target.matches('form[role=search]')) {
      e.preventDefault();
      return search(e.target);
    }
    if (e.target.id !== 'recall') return;
    e.preventDefault();
    const form = e.target;
    const confirm = document.getElementById('recall-confirm');
    confirm.querySelector('.reason').textContent = form.elements.reason.value.trim();
    form.hidden = true;
    confirm.hidden = false;
    confirm.querySelector('[data-recall-confirm]').focus();
  });

  content.addEventListener('click', e => {
    const target = e.target.closest('a[data-download], [data-recall-confirm], [data-recall-cancel]');
    if (!target) return;
    if (target.matches('a[data-download]')) {
      e.preventDefault();
      download(target);
      return;
    }
    const form = document.getElementById('recall');
    const confirm = document.getElementById('recall-confirm');
    if (target.matches('[data-recall-cancel]')) {
      confirm.hidden = true;
      form.hidden = false;
      return;
    }
    recall(form, target);
  });

  load();
})();
