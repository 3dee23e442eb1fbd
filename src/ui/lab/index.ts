/** The lab views: what App.tsx mounts. */
export { LabTabs, LabViews } from './LabTabs';
export { LessonPanel } from './LessonPanel';
