// UI text in Chinese and English; the choice is remembered in localStorage ("bi.lang").
const TEXT = {
  zh: {
    'app.title': 'BI 控制台', 'nav.dashboard': '看板', 'nav.plan': '目标达成', 'nav.chat': '问答', 'nav.settings': '设置',
    'auth.tenant': '租户', 'auth.username': '用户名', 'auth.password': '密码', 'auth.login': '登录', 'auth.logout': '退出',
    'auth.failed': '登录失败：租户、用户名或密码不正确', 'auth.locked': '尝试次数过多，请稍后再试', 'auth.suspended': '该租户已停用',
    'auth.expired': '登录已过期，请重新登录',
    'range.label': '时间', 'range.today': '今天', 'range.yesterday': '昨天', 'range.last_7_days': '近 7 天',
    'range.last_30_days': '近 30 天', 'range.this_month': '本月', 'range.last_month': '上月', 'range.custom': '自定义',
    'filter.from': '开始', 'filter.to': '结束', 'filter.shops': '店铺', 'filter.platform': '平台', 'filter.all': '全部', 'filter.apply': '查询',
    'kpi.gmv': '销售额 (GMV)', 'kpi.orders': '订单数', 'kpi.units': '件数', 'kpi.aov': '客单价', 'kpi.refund_amount': '退款金额',
    'kpi.refund_rate': '退款率', 'kpi.previous': '上期', 'kpi.vs': '环比',
    'section.trend': '每日趋势', 'section.sku_ranking': 'SKU 排行', 'section.shops': '店铺对比', 'section.attainment': '目标达成',
    'col.rank': '#', 'col.sku': 'SKU', 'col.gmv': '销售额', 'col.units': '件数', 'col.shop': '店铺', 'col.orders': '订单',
    'col.change': '环比', 'col.target': '目标', 'col.actual': '实际', 'col.attainment': '达成率', 'col.forecast': '预测', 'col.status': '状态',
    'state.loading': '加载中…', 'state.error': '出错了：', 'state.unavailable': '暂不可用：{service} 未运行或无响应',
    'state.empty': '这段时间没有数据', 'state.no_shops': '还没有店铺。', 'state.connect_shop': '去连接一个店铺',
    'state.retry': '重试', 'state.forbidden': '没有权限',
    'chat.placeholder': '例如：上周各店铺GMV', 'chat.ask': '提问', 'chat.suggestions': '你可以问：',
    'settings.jushuitan': '聚水潭店铺', 'settings.leke': '乐客 Webhook', 'settings.channels': '通知渠道', 'settings.users': '用户',
    'settings.apikeys': 'API 密钥', 'settings.add': '添加', 'settings.save': '保存', 'settings.delete': '删除',
    'settings.sync_now': '立即同步', 'settings.sync_queued': '已排队同步', 'settings.saved': '已保存',
    'settings.test': '发送测试消息', 'settings.test_sent': '测试消息已发送', 'settings.new_key': '新密钥（只显示一次）：',
    'jst.shop_id': '店铺 ID', 'jst.platform': '平台', 'jst.app_key': 'App Key', 'jst.app_secret': 'App Secret',
    'jst.access_token': 'Access Token', 'jst.status': '同步状态', 'jst.last_success': '上次成功', 'jst.orders': '订单数',
    'leke.secret': 'Webhook 密钥', 'leke.hint': '乐客推送订单时用它签名。保存后不再显示。',
    'ch.name': '名称', 'ch.type': '类型', 'ch.target': '地址', 'ch.secret': '签名密钥 / SMTP 密码',
    'ch.smtp_host': 'SMTP 服务器', 'ch.smtp_port': 'SMTP 端口', 'ch.from': '发件人', 'ch.to': '收件人（逗号分隔）',
    'user.username': '用户名', 'user.display_name': '显示名', 'user.password': '初始密码', 'user.roles': '角色',
    'key.name': '名称', 'key.scopes': '权限', 'key.prefix': '前缀', 'key.expires': '过期时间',
    'plan.month': '月份', 'common.none': '无',
    'dash.picker': '看板', 'dash.daily': '每日看板（内置）', 'dash.panels': '{n} 个面板', 'dash.kind.REPORT': '报表', 'dash.kind.DASHBOARD': '看板',
    'dash.no_templates': '还没有模板看板。', 'dash.install_starters': '安装内置模板', 'dash.ask_admin': '请管理员安装内置模板。',
    'dash.not_found': '这个看板不存在，或没有共享给你。', 'dash.partial': '部分面板未能及时加载，其余照常显示。',
    'dash.timeout': '该面板超时未返回，请重试或缩短时间范围。', 'dash.ignored': '此看板不使用这些筛选：{filters}',
    'kpi.buyers': '买家数', 'col.aov': '客单价', 'col.buyers': '买家数', 'col.refund_amount': '退款金额', 'col.refund_rate': '退款率',
    'col.day': '日期', 'col.week': '周', 'col.month': '月份', 'col.platform': '平台', 'col.category': '类目', 'col.metric': '指标',
    'col.value': '数值', 'col.previous': '上期', 'col.change_pct': '变化 %',
  },
  en: {
    'app.title': 'BI Console', 'nav.dashboard': 'Dashboard', 'nav.plan': 'Targets', 'nav.chat': 'Ask', 'nav.settings': 'Settings',
    'auth.tenant': 'Tenant', 'auth.username': 'Username', 'auth.password': 'Password', 'auth.login': 'Log in', 'auth.logout': 'Log out',
    'auth.failed': 'Login failed: wrong tenant, username or password', 'auth.locked': 'Too many attempts; try again later',
    'auth.suspended': 'This tenant is suspended', 'auth.expired': 'Your session ended; please log in again',
    'range.label': 'Range', 'range.today': 'Today', 'range.yesterday': 'Yesterday', 'range.last_7_days': 'Last 7 days',
    'range.last_30_days': 'Last 30 days', 'range.this_month': 'This month', 'range.last_month': 'Last month', 'range.custom': 'Custom',
    'filter.from': 'From', 'filter.to': 'To', 'filter.shops': 'Shop', 'filter.platform': 'Platform', 'filter.all': 'All', 'filter.apply': 'Apply',
    'kpi.gmv': 'GMV', 'kpi.orders': 'Orders', 'kpi.units': 'Units', 'kpi.aov': 'Avg. order value', 'kpi.refund_amount': 'Refunds',
    'kpi.refund_rate': 'Refund rate', 'kpi.previous': 'Previous', 'kpi.vs': 'vs previous',
    'section.trend': 'Daily trend', 'section.sku_ranking': 'Top SKUs', 'section.shops': 'Shops', 'section.attainment': 'Target attainment',
    'col.rank': '#', 'col.sku': 'SKU', 'col.gmv': 'GMV', 'col.units': 'Units', 'col.shop': 'Shop', 'col.orders': 'Orders',
    'col.change': 'Change', 'col.target': 'Target', 'col.actual': 'Actual', 'col.attainment': 'Attainment', 'col.forecast': 'Forecast', 'col.status': 'Status',
    'state.loading': 'Loading…', 'state.error': 'Something went wrong: ', 'state.unavailable': 'Not available: {service} is not running or not answering',
    'state.empty': 'No data in this period', 'state.no_shops': 'No shops yet.', 'state.connect_shop': 'Connect a shop',
    'state.retry': 'Retry', 'state.forbidden': 'Not allowed',
    'chat.placeholder': 'e.g. top 5 SKUs by units last 30 days', 'chat.ask': 'Ask', 'chat.suggestions': 'You could ask:',
    'settings.jushuitan': 'Jushuitan shops', 'settings.leke': 'Leke webhook', 'settings.channels': 'Notification channels', 'settings.users': 'Users',
    'settings.apikeys': 'API keys', 'settings.add': 'Add', 'settings.save': 'Save', 'settings.delete': 'Delete',
    'settings.sync_now': 'Sync now', 'settings.sync_queued': 'Sync queued', 'settings.saved': 'Saved',
    'settings.test': 'Send test message', 'settings.test_sent': 'Test message sent', 'settings.new_key': 'New key (shown once):',
    'jst.shop_id': 'Shop id', 'jst.platform': 'Platform', 'jst.app_key': 'App key', 'jst.app_secret': 'App secret',
    'jst.access_token': 'Access token', 'jst.status': 'Sync status', 'jst.last_success': 'Last success', 'jst.orders': 'Orders',
    'leke.secret': 'Webhook secret', 'leke.hint': 'Leke signs pushed orders with it. It is not shown again after saving.',
    'ch.name': 'Name', 'ch.type': 'Type', 'ch.target': 'Address', 'ch.secret': 'Signing secret / SMTP password',
    'ch.smtp_host': 'SMTP server', 'ch.smtp_port': 'SMTP port', 'ch.from': 'From', 'ch.to': 'To (comma-separated)',
    'user.username': 'Username', 'user.display_name': 'Display name', 'user.password': 'Initial password', 'user.roles': 'Roles',
    'key.name': 'Name', 'key.scopes': 'Scopes', 'key.prefix': 'Prefix', 'key.expires': 'Expires',
    'plan.month': 'Month', 'common.none': 'none',
    'dash.picker': 'Dashboard', 'dash.daily': 'Daily dashboard (built-in)', 'dash.panels': '{n} panels', 'dash.kind.REPORT': 'report',
    'dash.kind.DASHBOARD': 'dashboard', 'dash.no_templates': 'No template dashboards yet.', 'dash.install_starters': 'Install the starter templates',
    'dash.ask_admin': 'Ask an admin to install the starter templates.',
    'dash.not_found': 'This dashboard does not exist or is not shared with you.',
    'dash.partial': 'Some panels did not load in time; the others are shown.',
    'dash.timeout': 'This panel timed out; retry or choose a shorter range.', 'dash.ignored': 'This dashboard does not use these filters: {filters}',
    'kpi.buyers': 'Buyers', 'col.aov': 'Avg. order value', 'col.buyers': 'Buyers', 'col.refund_amount': 'Refunds', 'col.refund_rate': 'Refund rate',
    'col.day': 'Day', 'col.week': 'Week', 'col.month': 'Month', 'col.platform': 'Platform', 'col.category': 'Category', 'col.metric': 'Metric',
    'col.value': 'Value', 'col.previous': 'Previous', 'col.change_pct': 'Change %',
  },
};

const KEY = 'bi.lang';
let lang = localStorage.getItem(KEY) === 'en' ? 'en' : (localStorage.getItem(KEY) === 'zh' ? 'zh' : (navigator.language || '').startsWith('zh') ? 'zh' : 'en');
const listeners = [];

export function t(key, vars = {}) {
  const text = TEXT[lang][key] ?? TEXT.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? '');
}

export function currentLang() {
  return lang;
}

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyStatic();
  listeners.forEach((fn) => fn(lang));
}

export function onLangChange(fn) {
  listeners.push(fn);
}

/** Fills every element with data-i18n (and data-i18n-placeholder) in the document. */
export function applyStatic(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
}

export function formatNumber(value, metric) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  if (metric === 'refund_rate') return (value * 100).toLocaleString(locale, { maximumFractionDigits: 2 }) + '%';
  const money = ['gmv', 'aov', 'refund_amount'].includes(metric);
  return value.toLocaleString(locale, { minimumFractionDigits: money ? 2 : 0, maximumFractionDigits: money ? 2 : 0 });
}

export function formatChange(change) {
  if (change === null || change === undefined) return '–';
  const sign = change > 0 ? '+' : '';
  return sign + (change * 100).toFixed(1) + '%';
}
