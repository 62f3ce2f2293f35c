// Target attainment per shop (bi-plan-taoxi, composed by bi-server): this month's target, actual, forecast and status.
import { get } from './api.js';
import { t } from './i18n.js';
import { el, clear, loading, failure, unavailable } from './views.js';
import { attainmentTable } from './dashboard.js';

export async function renderPlan(view) {
  const body = el('section', { class: 'card', id: 'plan' }, el('h3', {}, t('section.attainment')), loading());
  clear(view, body);
  try {
    const answer = await get('/api/server/v1/dashboard?range=this_month');
    const part = answer.sections.attainment;
    body.lastChild.remove();
    if (!part) body.append(unavailable('bi-plan-taoxi'));
    else if (part.status === 'unavailable') body.append(unavailable(part.service));
    else if (part.status !== 'ok') body.append(failure({ message: part.message || '' }));
    else body.append(attainmentTable(part.data));
  } catch (e) {
    clear(body, failure(e, () => renderPlan(view)));
  }
}
