/** The console's home: the sections, for the secretariat only. */
import { whoAmI } from '../../lib/api.ts';

const status = document.getElementById('status');
const me = await whoAmI(status);
if (me && !me.secretariat && status) {
  status.className = 'error';
  status.textContent = status.dataset.forbidden ?? '';
}
