/// <reference lib="webworker" />
/**
 * The lesson editor's Check, off the main thread: runs the lesson's
 * scenario (and its variants) and checks every claim with the one checker
 * (scenario/lessonCheck.ts), exposed over Comlink like the simulation
 * worker. A 10 s line-rate lesson takes seconds of core time; here it no
 * longer freezes the tab. The main thread cancels a check by terminating
 * this worker (state/lessonChecker.ts).
 */
import * as Comlink from 'comlink';
import { checkLessonApi } from './lessonCheckApi';

Comlink.expose(checkLessonApi);
