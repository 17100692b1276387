// Admin sign-in with an account's name and password (POST /api/v1/login), beside the "paste an API
// token" field that admin.js handles. Kept apart from admin.js: it adds its own fields to #a-login, keeps
// the session token where admin.js looks (sessionStorage 'yizhan.token'), and logs the session out on
// sign-out. Loaded after core.js and before admin.js, so that its listeners run first.
(function () {
  'use strict';
  const KEY = 'yizhan.token', SESSION = 'yizhan.session';
  const form = document.getElementById('a-login');
  const tokenLabel = document.getElementById('a-token').closest('label');
  const field = (id, type, autocomplete) => {
    const input = document.createElement('input');
    Object.assign(input, { id, type, autocomplete });
    const label = document.createElement('label');
    const text = document.createElement('span');
    label.append(text, ' ', input);
    return { label, text, input };
  };
  const name = field('a-name', 'text', 'username'), password = field('a-password', 'password', 'current-password');
  const or = document.createElement('p');
  or.className = 'hint';
  form.insertBefore(name.label, tokenLabel);
  form.insertBefore(password.label, tokenLabel);
  form.insertBefore(or, tokenLabel);
  function label() {
    name.text.textContent = I18N.t('si.name'); password.text.textContent = I18N.t('si.password'); or.textContent = I18N.t('si.or');
  }
  label();
  // I18N.apply sets <html lang>; follow the language toggle.
  new MutationObserver(label).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  form.addEventListener('submit', async (e) => {
    const n = name.input.value.trim(), p = password.input.value;
    if (!n && !p) return; // the API token field: admin.js signs in with it
    e.preventDefault();
    e.stopImmediatePropagation();
    const error = document.getElementById('a-login-error');
    try {
      const r = await Y.api('/api/v1/login', { method: 'POST', body: { name: n, password: p } });
      password.input.value = '';
      sessionStorage.setItem(KEY, r.token);
      sessionStorage.setItem(SESSION, '1');
      error.textContent = '';
      Y.views.admin.check();
    } catch (err) {
      password.input.value = '';
      error.textContent = err.status === 401 ? I18N.t('si.wrong')
        : err.status === 429 ? I18N.t('si.limited', { m: err.message }) : I18N.t('a.error', { m: err.message });
    }
  });

  // Before admin.js forgets the token: end the session on the server too (an API token is only forgotten).
  document.getElementById('a-signout').addEventListener('click', () => {
    if (sessionStorage.getItem(SESSION) && sessionStorage.getItem(KEY)) {
      Y.api('/api/v1/logout', { method: 'POST', auth: true }).catch(() => {});
    }
    sessionStorage.removeItem(SESSION);
  });
}());
