import { Empty } from 'antd';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import { BarChart, PieChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard needs (tree-shaken; the full `echarts` entry is never imported).
use([PieChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  PieSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

const FONT = "'Noto Sans SC', sans-serif";

/** An ECharts canvas that follows its container's size. */
export function Chart({
  option,
  height = 320,
  testId,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current!;
    const chart = init(element);
    chart.setOption({ textStyle: { fontFamily: FONT }, ...option });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

/** The chart, or an empty box of the same size (and test id) when there is nothing to draw. */
export function ChartOrEmpty({ empty, ...props }: Parameters<typeof Chart>[0] & { empty: boolean }) {
  if (!empty) return <Chart {...props} />;
  return <Empty data-testid={props.testId} style={{ height: props.height ?? 320, paddingTop: 96 }} />;
}
