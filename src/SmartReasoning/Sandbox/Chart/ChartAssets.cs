namespace SmartReasoning.Sandbox.Chart;

/// <summary>
/// The chart page's script, style sheet and SMART style document, served from the sandbox itself (no CDN). The
/// script sends hooks and card decisions to the sandbox, which calls the services and renders the cards (encoded):
/// the page only inserts what the sandbox rendered and never builds HTML from data.
/// </summary>
internal static class ChartAssets
{
    public const string Script = """
        // Sandbox EHR chart page: fires CDS Hooks through the sandbox and shows the cards it renders.
        (function () {
          'use strict';
          const patientId = document.body.dataset.patientId;
          if (!patientId) return; // the patient list needs no script
          const base = '/chart/' + encodeURIComponent(patientId);
          const byId = (id) => document.getElementById(id);
          const cards = byId('cds-cards');
          const status = byId('cds-status');
          const encounter = byId('chart-encounter');
          const prefetch = byId('cds-prefetch');
          const prefetchKeys = byId('cds-prefetch-keys');
          const drug = byId('order-drug');
          const dose = byId('order-dose');
          const orderStatus = byId('order-status');
          const draftLabel = byId('order-draft');
          const storageKey = 'sandbox-cds-services';
          let draftId = null;
          let sequence = 0;

          function sessionServices() {
            try { return JSON.parse(sessionStorage.getItem(storageKey) || '[]'); } catch (e) { return []; }
          }

          function showSessionServices() {
            const list = byId('cds-services');
            list.querySelectorAll('li.session').forEach((li) => li.remove());
            for (const url of sessionServices()) {
              const li = document.createElement('li');
              li.className = 'session';
              li.textContent = url + ' (this session)';
              list.appendChild(li);
            }
          }

          function postJson(url, payload) {
            return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
          }

          async function problemText(response) {
            try {
              const problem = await response.json();
              return problem.message || ((problem.title || '') + (problem.detail ? ': ' + problem.detail : ''));
            } catch (e) {
              return response.status + ' ' + response.statusText;
            }
          }

          async function fire(hook, order) {
            const mine = ++sequence;
            cards.dataset.hook = hook;
            cards.dataset.state = 'loading';
            cards.setAttribute('aria-busy', 'true');
            status.textContent = 'Calling CDS services for ' + hook + '…';
            const keys = prefetchKeys.value.split(',').map((k) => k.trim()).filter((k) => k.length > 0);
            const payload = { encounterId: encounter.value || null, prefetch: prefetch.value, prefetchKeys: keys, services: sessionServices() };
            if (order) payload.order = order;
            try {
              const response = await postJson(base + '/cds/' + hook, payload);
              if (mine !== sequence) return;
              if (!response.ok) {
                cards.replaceChildren();
                cards.dataset.state = 'failed';
                status.textContent = hook + ' failed: ' + await problemText(response);
                return;
              }
              const html = await response.text();
              if (mine !== sequence) return;
              cards.innerHTML = html; // rendered and HTML-encoded by the sandbox
              cards.dataset.state = 'done';
              const count = cards.querySelectorAll('.cds-card').length;
              status.textContent = hook + ': ' + count + (count === 1 ? ' card.' : ' cards.');
            } catch (e) {
              if (mine !== sequence) return;
              cards.dataset.state = 'failed';
              status.textContent = hook + ' failed: ' + e.message;
            } finally {
              if (mine === sequence) cards.removeAttribute('aria-busy');
            }
          }

          function currentOrder() {
            if (!drug.value) return null;
            if (!draftId) draftId = 'draft-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
            draftLabel.textContent = 'MedicationRequest/' + draftId;
            return { drug: drug.value, dose: dose.value, draftId: draftId };
          }

          function clearDraft(reason) {
            drug.value = '';
            dose.value = '';
            draftId = null;
            draftLabel.textContent = 'none (' + reason + ')';
          }

          drug.addEventListener('change', () => {
            if (!drug.value) { clearDraft('no medication chosen'); return; }
            if (!dose.value || dose.dataset.prefilled === 'true') {
              dose.value = drug.selectedOptions[0].dataset.sig || '';
              dose.dataset.prefilled = 'true';
            }
            orderStatus.textContent = 'order-select sent for ' + drug.selectedOptions[0].textContent + '.';
            fire('order-select', currentOrder());
          });
          dose.addEventListener('input', () => { dose.dataset.prefilled = 'false'; });
          byId('order-sign').addEventListener('click', () => {
            const order = currentOrder();
            if (!order) { orderStatus.textContent = 'Choose a medication first.'; drug.focus(); return; }
            orderStatus.textContent = 'order-sign sent.';
            fire('order-sign', order);
          });
          byId('cds-patient-view').addEventListener('click', () => fire('patient-view'));
          byId('cds-add-service').addEventListener('click', () => {
            const input = byId('cds-service-url');
            let url;
            try { url = new URL(input.value.trim()); } catch (e) { url = null; }
            if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
              status.textContent = 'A CDS service is added by its absolute http(s) discovery URL, e.g. http://127.0.0.1:8080/cds-services.';
              input.focus();
              return;
            }
            const services = sessionServices();
            if (!services.includes(url.href)) services.push(url.href);
            sessionStorage.setItem(storageKey, JSON.stringify(services.slice(-5)));
            input.value = '';
            showSessionServices();
            status.textContent = 'Added ' + url.href + ' for this session.';
          });
          byId('launch-app-inline').addEventListener('click', () => { byId('app-frame').hidden = false; });

          cards.addEventListener('click', async (event) => {
            const button = event.target.closest('button');
            const card = button && button.closest('.cds-card');
            if (!card) return;
            const cardStatus = card.querySelector('.cds-card-status');
            const accepting = button.classList.contains('cds-accept');
            if (!accepting && !button.classList.contains('cds-dismiss')) return;
            const payload = { exchange: card.dataset.exchange, card: Number(card.dataset.card) };
            if (accepting) {
              payload.suggestion = Number(button.dataset.suggestion);
            } else {
              const reason = card.querySelector('.cds-override-reason');
              payload.reason = reason && reason.value !== '' ? Number(reason.value) : null;
              payload.comment = card.querySelector('.cds-comment').value;
            }
            button.disabled = true;
            cardStatus.textContent = accepting ? 'Applying the suggestion…' : 'Dismissing…';
            let result;
            try {
              const response = await postJson(base + '/cds/' + (accepting ? 'accept' : 'dismiss'), payload);
              try { result = await response.json(); } catch (e) { result = { succeeded: false, message: response.status + ' ' + response.statusText }; }
              if (!response.ok && !result.message) result = { succeeded: false, message: (result.title || '') + (result.detail ? ': ' + result.detail : '') };
            } catch (e) {
              result = { succeeded: false, message: e.message };
            }
            cardStatus.textContent = result.message;
            if (!result.succeeded) { button.disabled = false; card.dataset.outcome = 'failed'; return; }
            card.dataset.outcome = accepting ? 'accepted' : 'dismissed';
            if (accepting && card.dataset.selectionBehavior === 'any') {
              card.querySelectorAll('.cds-dismiss').forEach((b) => { b.disabled = true; });
            } else {
              card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
            }
            if (draftId && (result.draftsRemoved || []).includes('MedicationRequest/' + draftId)) clearDraft('removed by a suggestion');
          });

          showSessionServices();
          fire('patient-view');
        })();
        """;

    public const string Style = """
        :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #f6f7f9; }
        body { margin: 0; }
        a { color: #0b57d0; }
        .skip-link { position: absolute; left: -999px; }
        .skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
        .ehr-header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1rem; background: #12355b; color: #fff; }
        .ehr-header a { color: #fff; }
        .ehr-name { font-weight: 700; }
        main { padding: 1rem; }
        #patient-banner { background: #fff; border: 1px solid #ccd; border-radius: 6px; padding: .5rem 1rem; margin-bottom: 1rem; }
        #patient-banner h1 { margin: .2rem 0; font-size: 1.5rem; }
        #patient-banner dl { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .3rem 0; }
        #patient-banner dt { font-weight: 600; }
        #patient-banner dd { margin: 0; }
        .chart-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
        @media (max-width: 900px) { .chart-layout { grid-template-columns: 1fr; } }
        section { background: #fff; border: 1px solid #dde; border-radius: 6px; padding: .5rem 1rem; margin-bottom: 1rem; }
        section section { border: none; padding: 0; }
        h2 { font-size: 1.1rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #eee; vertical-align: top; }
        .date, .empty { color: #555; }
        .badge { background: #fde68a; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
        tr.ai-assisted { background: #fffbeb; }
        .fields { display: grid; grid-template-columns: 1fr; gap: .2rem; }
        .fields label { margin-top: .4rem; }
        input[type=text], input[type=url], input[type=search], select { padding: .3rem; font: inherit; max-width: 100%; box-sizing: border-box; }
        .fields input, .fields select, #order-form input, #order-form select { width: 100%; }
        td:first-child { white-space: nowrap; }
        button { font: inherit; padding: .35rem .8rem; cursor: pointer; }
        :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
        #order-form { display: grid; gap: .3rem; }
        #app-frame { width: 100%; height: 640px; border: 1px solid #99a; }
        .cds-card { border: 1px solid #ccd; border-left: 6px solid #3b82f6; border-radius: 4px; padding: .4rem .8rem; margin: .6rem 0; }
        .cds-card.cds-warning { border-left-color: #f59e0b; }
        .cds-card.cds-critical { border-left-color: #dc2626; }
        .cds-indicator { text-transform: uppercase; font-size: .75rem; font-weight: 700; margin-right: .4rem; }
        .cds-summary { margin: .2rem 0; font-size: 1rem; }
        .cds-error { color: #b91c1c; font-weight: 600; }
        .cds-warnings { color: #92400e; font-size: .9rem; }
        .cds-recommended { color: #166534; font-weight: 600; }
        .cds-card-status { font-style: italic; }
        .cds-service-title small { font-weight: 400; color: #555; }
        """;

    /// <summary>A SMART style document (smart_style_url) in the sandbox's colours.</summary>
    public const string SmartStyle = """
        {"color_background":"#f6f7f9","color_error":"#b91c1c","color_highlight":"#fde68a","color_modal_backdrop":"","color_success":"#166534",
         "color_text":"#1b1b1b","dim_border_radius":"6px","dim_font_size":"16px","dim_spacing_size":"16px","font_family_body":"system-ui, sans-serif",
         "font_family_heading":"system-ui, sans-serif"}
        """;
}
