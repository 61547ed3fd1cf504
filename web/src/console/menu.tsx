import {
  AlertOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  EyeOutlined,
  FileExclamationOutlined,
  FileProtectOutlined,
  FundOutlined,
  IdcardOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import { lazy } from 'react';
import { PERMISSIONS } from '../api/types';
import type { MessageKey } from '../i18n/messages';
import { INTAKE_PERMISSIONS } from './parts/intake-permissions';

export interface ConsolePage {
  /** Path below /console ('' for the dashboard). */
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Needed in `Me.permissions` to see the menu item and open the page. */
  permission?: string;
  component: ComponentType;
  /** Extra routes of the same area (not in the menu). */
  children?: { path: string; component: ComponentType }[];
}

/** The console pages: one list drives the side menu, the routes and their permission guards. */
export const CONSOLE_PAGES: ConsolePage[] = [
  {
    path: '',
    label: 'console.menu.dashboard',
    icon: <DashboardOutlined />,
    component: lazy(() => import('./DashboardPage')),
  },
  {
    path: 'subjects',
    label: 'console.menu.subjects',
    icon: <IdcardOutlined />,
    permission: PERMISSIONS.subjects,
    component: lazy(() => import('./SubjectsPage')),
    children: [{ path: 'subjects/:id', component: lazy(() => import('./SubjectDetailPage')) }],
  },
  {
    path: 'intake',
    label: 'console.menu.intake',
    icon: <CloudUploadOutlined />,
    permission: INTAKE_PERMISSIONS.submit,
    component: lazy(() => import('./IntakePage')),
  },
  {
    path: 'quarantine',
    label: 'console.menu.quarantine',
    icon: <FileExclamationOutlined />,
    permission: INTAKE_PERMISSIONS.submit,
    component: lazy(() => import('./QuarantinePage')),
  },
  {
    path: 'records',
    label: 'console.menu.records',
    icon: <ProfileOutlined />,
    permission: INTAKE_PERMISSIONS.records,
    component: lazy(() => import('./RecordsPage')),
  },
  {
    path: 'lists',
    label: 'console.menu.lists',
    icon: <StopOutlined />,
    permission: PERMISSIONS.lists,
    component: lazy(() => import('./ListsPage')),
  },
  {
    path: 'candidates',
    label: 'console.menu.candidates',
    icon: <AlertOutlined />,
    permission: PERMISSIONS.lists,
    component: lazy(() => import('./CandidatesPage')),
  },
  {
    path: 'measures',
    label: 'console.menu.measures',
    icon: <OrderedListOutlined />,
    permission: PERMISSIONS.measures,
    component: lazy(() => import('./MeasuresPage')),
  },
  {
    path: 'sanctions',
    label: 'console.menu.sanctions',
    icon: <FundOutlined />,
    permission: PERMISSIONS.sanctionsStats,
    component: lazy(() => import('./SanctionsPage')),
  },
  {
    path: 'evaluation',
    label: 'console.menu.evaluation',
    icon: <BarChartOutlined />,
    permission: PERMISSIONS.evaluation,
    component: lazy(() => import('./EvaluationPage')),
  },
  {
    path: 'inspections',
    label: 'console.menu.inspections',
    icon: <ScheduleOutlined />,
    permission: PERMISSIONS.inspections,
    component: lazy(() => import('./InspectionsPage')),
  },
  {
    path: 'intake-stats',
    label: 'console.menu.intakeStats',
    icon: <LineChartOutlined />,
    permission: 'intake:stats',
    component: lazy(() => import('./IntakeStatsPage')),
  },
  {
    path: 'catalogue',
    label: 'console.menu.catalogue',
    icon: <BookOutlined />,
    component: lazy(() => import('./CataloguePage')),
  },
  {
    path: 'calendar',
    label: 'console.menu.calendar',
    icon: <CalendarOutlined />,
    component: lazy(() => import('./CalendarPage')),
  },
  {
    path: 'my-credit',
    label: 'console.menu.myCredit',
    icon: <SafetyCertificateOutlined />,
    permission: PERMISSIONS.reportsSelf,
    component: lazy(() => import('./MyCreditPage')),
  },
  {
    path: 'my-reports',
    label: 'console.menu.myReports',
    icon: <FileProtectOutlined />,
    permission: PERMISSIONS.reportsSelf,
    component: lazy(() => import('./MyReportsPage')),
  },
  {
    path: 'my-checks',
    label: 'console.menu.myChecks',
    icon: <EyeOutlined />,
    permission: PERMISSIONS.reportsSelf,
    component: lazy(() => import('./MyChecksPage')),
  },
  {
    path: 'ledger',
    label: 'console.menu.ledger',
    icon: <NodeIndexOutlined />,
    permission: PERMISSIONS.ledger,
    component: lazy(() => import('./LedgerPage')),
  },
  {
    path: 'departments',
    label: 'console.menu.departments',
    icon: <TeamOutlined />,
    permission: PERMISSIONS.departments,
    component: lazy(() => import('./DepartmentsPage')),
  },
  {
    path: 'users',
    label: 'console.menu.users',
    icon: <UserOutlined />,
    permission: PERMISSIONS.users,
    component: lazy(() => import('./UsersPage')),
  },
  {
    path: 'roles',
    label: 'console.menu.roles',
    icon: <SafetyOutlined />,
    permission: PERMISSIONS.roles,
    component: lazy(() => import('./RolesPage')),
  },
  {
    path: 'api-clients',
    label: 'console.menu.apiClients',
    icon: <ApiOutlined />,
    permission: PERMISSIONS.apiClients,
    component: lazy(() => import('./ApiClientsPage')),
  },
  {
    path: 'audit',
    label: 'console.menu.audit',
    icon: <AuditOutlined />,
    permission: PERMISSIONS.audit,
    component: lazy(() => import('./AuditPage')),
  },
];
