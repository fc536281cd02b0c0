// SmartReasoning app page: polls the review's progress until it ends, and posts accept/reject decisions.
// Everything it shows comes from the server as text (textContent), never as HTML.
(function () {
  'use strict';

  const progress = document.getElementById('progress');
  if (progress) {
    const url = progress.dataset.statusUrl;
    const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
        if (!response.ok) { window.location.reload(); return; }
        const status = await response.json();
        set('progress-stage', status.stageName);
        set('progress-detail', status.detail);
        set('progress-resources', String(status.resources));
        for (const li of progress.querySelectorAll('li[data-stage]')) {
          if (li.dataset.stage === status.stage) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
        }
        if (status.state !== 'running') { progress.dataset.state = status.state; window.location.reload(); return; }
      } catch (e) {
        // The server may be restarting: try again shortly.
      }
      window.setTimeout(poll, 600);
    };
    window.setTimeout(poll, 300);
  }

  const decide = async (button, verdict) => {
    const article = button.closest('article.finding');
    const status = article.querySelector('.decision-status');
    const buttons = article.querySelectorAll('button.accept, button.reject');
    buttons.forEach(b => { b.disabled = true; });
    status.textContent = verdict === 'accept' ? 'Accepting…' : 'Rejecting…';
    const body = new URLSearchParams();
    if (verdict === 'reject') {
      const reason = article.querySelector('input.reject-reason');
      if (reason && reason.value.trim()) body.set('reason', reason.value.trim());
    }
    try {
      const response = await fetch(button.dataset.url, {
        method: 'POST', credentials: 'same-origin', body,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      if (response.status === 202) {
        article.dataset.decision = verdict;
        status.textContent = verdict === 'accept'
          ? 'Accepted: the Observation in the chart becomes final, with you as verifier.'
          : 'Rejected: the Observation in the chart is marked entered in error, with your reason.';
        return;
      }
      let detail = 'the server answered ' + response.status;
      try { const problem = await response.json(); if (problem.detail) detail = problem.detail; } catch (e) { /* not JSON */ }
      status.textContent = 'Not recorded: ' + detail;
    } catch (e) {
      status.textContent = 'Not recorded: SmartReasoning could not be reached.';
    }
    buttons.forEach(b => { b.disabled = false; });
  };

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button.accept, button.reject');
    if (button) decide(button, button.classList.contains('accept') ? 'accept' : 'reject');
  });
})();
