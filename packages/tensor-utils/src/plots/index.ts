export {
  type LinePlotSpec,
  type LineSeries,
  linePlotSvg,
  type NiceTicks,
  niceTicks,
  type SeriesPoints,
  smoothSeries,
  writeLinePlot,
} from './line-plot.js';
