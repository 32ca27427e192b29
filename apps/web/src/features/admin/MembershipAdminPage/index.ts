export { MembershipAdminPage } from './MembershipAdminPage';
