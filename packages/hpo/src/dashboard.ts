// `@hw7/hpo/dashboard` (Optuna's optuna-dashboard): a read-only web page that lists a storage's
// studies and shows each one's trials and plots, refreshed live while workers add trials.
export { type Dashboard, type DashboardOptions, startDashboard } from './dashboard/dashboard-server.js';
