/**
 * The site's pages, in navigation order. Add a page: write a definition beside
 * this file and list it here.
 */
import type { PageDefinition, PageFamily } from "../../pipelines/publish/page.js";
import { overview } from "./overview.js";
import { shares } from "./shares.js";
import { land } from "./land.js";
import { progress } from "./progress.js";
import { cities } from "./cities.js";
import { zoneIndex, zonePages } from "./zones.js";
import { quality } from "./quality.js";
import { method } from "./method.js";
import { reportPage } from "../report/page.js";

export const pageDefinitions: ReadonlyArray<PageDefinition | PageFamily> = [overview, shares, land, progress, cities, zoneIndex, zonePages, quality, method, reportPage];
