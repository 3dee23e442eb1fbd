/** The lab views (issue 4): what App.tsx mounts. */
export { LabTabs, LabViews } from './LabTabs';
export { LessonPanel } from './LessonPanel';
