import { createRouter, createWebHashHistory } from 'vue-router'
import Dock from './pages/Dock.vue'
import Library from './pages/Library.vue'
import ClipPage from './pages/Clip.vue'
import Devices from './pages/Devices.vue'
import Settings from './pages/Settings.vue'
import Setup from './pages/Setup.vue'
import Retention from './pages/Retention.vue'
import Burn from './pages/Burn.vue'
import Discs from './pages/Discs.vue'
import Disposal from './pages/Disposal.vue'
import Exports from './pages/Exports.vue'
import Login from './pages/Login.vue'
import Access from './pages/Access.vue'
import Audit from './pages/Audit.vue'
import Accounts from './pages/Accounts.vue'
import Cases from './pages/Cases.vue'
import Checks from './pages/Checks.vue'
import Stats from './pages/Stats.vue'
import District from './pages/District.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/dock' },
    { path: '/setup', component: Setup },
    { path: '/dock', component: Dock },
    { path: '/library', component: Library },
    { path: '/clip/:id', component: ClipPage, props: true },
    { path: '/devices', component: Devices },
    { path: '/retention', component: Retention },
    { path: '/burn', component: Burn },
    { path: '/discs', component: Discs },
    { path: '/disposal', component: Disposal },
    { path: '/exports', component: Exports },
    { path: '/login', component: Login },
    { path: '/cases', component: Cases },
    { path: '/checks', component: Checks },
    { path: '/stats', component: Stats },
    { path: '/district', component: District },
    { path: '/access', component: Access },
    { path: '/audit', component: Audit },
    { path: '/accounts', component: Accounts },
    { path: '/settings', component: Settings },
  ],
})
